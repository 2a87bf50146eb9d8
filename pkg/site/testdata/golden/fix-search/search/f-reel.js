fondsSearch("fix-search","f-reel",[{"id":"1","l":"Reel 1","p":"LEGA"},{"id":"2","l":"Reel 2","p":"PEDA"}]);
