fondsSearch("arch01483","f-decade",[{"id":"1920","l":"1920s","p":"hDALAFF"},{"id":"1930","l":"1930s","p":"hDALABAJd"},{"id":"1940","l":"1940s","p":"3EA"}]);
