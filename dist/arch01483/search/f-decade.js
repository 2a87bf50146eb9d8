fondsSearch("arch01483","f-decade",[{"id":"1920","l":"1920s","p":"hDANAFF"},{"id":"1930","l":"1930s","p":"hDANABAJd"},{"id":"1940","l":"1940s","p":"5EA"}]);
