fondsSearch("fix-letters.1","f-reel",[{"id":"1","l":"Reel 1","p":"KAWDYA"},{"id":"2","l":"Reel 2","p":"KAZFUA"},{"id":"3","l":"Reel 3","p":"tBBCBBAGADA"},{"id":"4","l":"Reel 4","p":"gCA"}]);
