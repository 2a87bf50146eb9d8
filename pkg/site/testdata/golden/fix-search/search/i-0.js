fondsSearch("fix-search","i-0",{"committee-letters":0,"correspondence":0,"inv-1":0,"inv-10":0,"inv-2":0,"inv-3":0,"inv-4":0,"inv-5":0,"inv-6":0,"inv-7":0,"inv-8":0,"letters-1930s":0});
