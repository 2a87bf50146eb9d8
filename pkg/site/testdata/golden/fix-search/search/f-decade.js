fondsSearch("fix-search","f-decade",[{"id":"1920","l":"1920s","p":"FACAIBBA"},{"id":"1930","l":"1930s","p":"FACACFEA"},{"id":"1940","l":"1940s","p":"FACAKA"}]);
