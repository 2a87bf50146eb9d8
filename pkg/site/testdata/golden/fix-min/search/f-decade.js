fondsSearch("fix-min","f-decade",[{"id":"1950","l":"1950s","p":"AA"}]);
