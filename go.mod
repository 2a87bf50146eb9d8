module github.com/fonds-archive/fonds

go 1.26.8

require (
	github.com/beevik/etree v1.8.1
	// Only to find the line and column of a YAML syntax error, which
	// go.yaml.in/yaml/v3 reports with a line alone, or none (pkg/load).
	github.com/goccy/go-yaml v1.19.2
	github.com/xeipuuv/gojsonreference v0.0.0-20180127040603-bd5ef7bd5415
	github.com/xeipuuv/gojsonschema v1.2.0
	github.com/yuin/goldmark v1.8.7
	// The YAML organisation's maintained continuation of the archived
	// gopkg.in/yaml.v3, with the same API: yaml.Node keeps every position.
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/image v0.48.0
	golang.org/x/net v0.62.0
	golang.org/x/sys v0.50.0
	golang.org/x/text v0.44.0
)

require github.com/xeipuuv/gojsonpointer v0.0.0-20180127040702-4e3ac2762d5f // indirect
