package kittest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHasElement(t *testing.T) {
	html := `<table><tr data-code="replayed_nonce" class="bad" data-action="replay"><td>x</td></tr><tr data-action="send" data-code=""></tr></table>`
	assert.True(t, HasElement(html, `data-action="replay"`, `data-code="replayed_nonce"`), "attributes in any order")
	assert.True(t, HasElement(html, `data-action="send"`))
	assert.False(t, HasElement(html, `data-action="send"`, `data-code="replayed_nonce"`), "both on one element, not spread over two")
	assert.False(t, HasElement(html, `data-action="rep"`), "a whole value, not a prefix")
}
