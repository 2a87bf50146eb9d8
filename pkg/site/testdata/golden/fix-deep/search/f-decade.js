fondsSearch("fix-deep","f-decade",[{"id":"1900","l":"1900s","p":"AABJ"},{"id":"1910","l":"1910s","p":"AALC"}]);
