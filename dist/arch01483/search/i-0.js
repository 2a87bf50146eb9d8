fondsSearch("arch01483","i-0",{"country-files":0,"general-correspondence":0,"ilo":0,"sedov":0,"sedova":0,"trotsky":0});
