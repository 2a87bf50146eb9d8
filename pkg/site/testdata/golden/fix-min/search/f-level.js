fondsSearch("fix-min","f-level",[{"id":"description","l":"Description","p":"BA"},{"id":"fonds","l":"Fonds","p":"AA"}]);
