fondsSearch("fix-search","f-place",[{"id":"place-haarlem","l":"Haarlem","p":"EAOB"},{"id":"place-kadikoy","l":"Kadıköy","f":"Kadikeui","p":"DANADA"}]);
