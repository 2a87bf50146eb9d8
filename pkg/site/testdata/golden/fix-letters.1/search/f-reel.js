fondsSearch("fix-letters.1","f-reel",[{"id":"1","l":"Reel 1","p":"KAXDYA"},{"id":"2","l":"Reel 2","p":"KAaFUA"},{"id":"3","l":"Reel 3","p":"uBBCBBAGADA"},{"id":"4","l":"Reel 4","p":"hCA"}]);
