package markdown

//go:generate go run gen_chroma_css.go
