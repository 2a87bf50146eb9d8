fondsSearch("fix-search","r",[{"n":1,"d":22,"r":[1,5]},{"n":2,"d":23,"r":[5,10]}]);
