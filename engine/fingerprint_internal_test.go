package engine

import "testing"

func TestModifierWord(t *testing.T) {
	if modifierWord != typeWord(TypeModifier) {
		t.Fatalf("modifierWord %x, typeWord(%q) %x", modifierWord, TypeModifier, typeWord(TypeModifier))
	}
}
