module github.com/rkcart/rkcart

go 1.26.0

require (
	github.com/leanovate/gopter v0.2.11
	github.com/samber/lo v1.53.0
	github.com/shopspring/decimal v1.6.0
	github.com/stretchr/testify v1.12.1
	golang.org/x/sync v0.23.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/text v0.22.0 // indirect
)
