fondsSearch("fix-letters.1","f-decade",[{"id":"1920","l":"1920s","p":"JAXDRC"},{"id":"1930","l":"1930s","p":"JAXADBBCDFBADE"}]);
