fondsSearch("fix-letters.1","d-1",{"docs":[{"k":"r","h":"microfilm.html#reel-4","t":"Reel 4","v":"Microfilm reel","p":[["Microfilm concordance","microfilm.html"]],"x":["Inventory"]}]});
