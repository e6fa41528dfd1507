module github.com/sepakat/sepakat

go 1.26.8
