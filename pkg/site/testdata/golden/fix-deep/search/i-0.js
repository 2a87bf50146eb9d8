fondsSearch("fix-deep","i-0",{"level-1":0,"level-10":0,"level-11":0,"level-12":0,"level-13":0,"level-2":0,"level-3":0,"level-4":0,"level-5":0,"level-6":0,"level-7":0,"level-8":0,"level-9":0});
