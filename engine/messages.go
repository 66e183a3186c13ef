package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Lang selects the message catalogue. The zero value is English.
type Lang uint8

const (
	English Lang = iota
	Russian
)

func (l Lang) String() string {
	if l == Russian {
		return "ru"
	}
	return "en"
}

// ParseLang reads "en" or "ru".
//
// It returns an error for anything else.
func ParseLang(s string) (Lang, error) {
	switch s {
	case "en", "":
		return English, nil
	case "ru":
		return Russian, nil
	}
	return 0, fmt.Errorf("engine: unknown language %q (want en or ru)", s)
}

// named is a dish, modifier or group as a message names it: by its menu
// name when it has one, by its id (as sent, when it came from the cart)
// otherwise.
type named struct {
	name string
	id   string
}

func dishNamed(name string, id string) named { return named{name, id} }

func (n named) render(l Lang, kind string) string {
	if n.name != "" {
		return strconv.Quote(n.name)
	}
	return kinds[kind][l] + " " + n.id
}

var kinds = map[string][2]string{
	"dish":     {"dish", "блюдо"},
	"modifier": {"modifier", "модификатор"},
	"group":    {"group", "группа"},
	"combo":    {"combo", "комбо"},
}

// msg is what a message names besides its params.
type msg struct {
	variant                      string // a catalogue key suffix ("item", "combo", …) or ""
	dish, modifier, group, combo named
	sent                         string // a value as the cart sent it
	limit                        string // a formatted limit (the minimum check)
}

// catalogue holds, per code (and code.variant), the English and Russian
// templates. {dish}, {modifier}, {group}, {combo} and {sent} are the names
// of msg; any other {key} is the violation's param of that key. A test
// checks that every Code* constant has both languages and that every
// placeholder is filled.
var catalogue = map[string][2]string{
	CodeEmptyOrder: {"the order has no lines", "в заказе нет блюд"},
	CodeBadOrderType: {"order_type must be the integer 0 (pickup) or 1 (delivery)",
		"order_type должен быть числом 0 (самовывоз) или 1 (доставка)"},
	CodeBadPayType: {"pay_type must be the integer 0, 1 or 2", "pay_type должен быть числом 0, 1 или 2"},
	CodeBadDeliveryTime: {"delivery_time {sent} must be YYYY-MM-DDTHH:mm:ss",
		"время доставки {sent} должно быть в виде ГГГГ-ММ-ДДTЧЧ:мм:сс"},
	CodeDeliveryTimeInPast: {"delivery_time {delivery_time} is before now ({now})",
		"время доставки {delivery_time} уже прошло (сейчас {now})"},
	CodeOutsideDeliveryPeriod: {"delivery_time {delivery_time} is outside the delivery period {begin}–{end} (cut-off {cutoff_minutes} min)",
		"время доставки {delivery_time} вне часов доставки {begin}–{end} (заказ не позже чем за {cutoff_minutes} мин до конца)"},
	CodeWrongObject: {"objectid {sent} is not restaurant {restaurant_id}", "objectid {sent} — не ресторан {restaurant_id}"},
	CodeBadObjectID: {"objectid {sent} must be the restaurant's id, a positive integer",
		"objectid {sent} должен быть идентификатором ресторана, целым числом больше нуля"},
	CodeNestedItem: {"an item under {modifier} is not part of an order the POS takes",
		"позиция внутри {modifier} не входит в заказ, который принимает касса"},
	CodeMissingPhone:    {"client.phone is required unless client.id is given", "нужен телефон клиента (client.phone), если не указан client.id"},
	CodeBadPhone:        {"client.phone {sent} must be 7 to 15 digits with an optional leading + (spaces, -, ( and ) allowed)", "телефон {sent}: нужно от 7 до 15 цифр, в начале можно +, пробелы, - и скобки допустимы"},
	CodeMissingLastName: {"client.ln is required unless client.id is given", "нужна фамилия клиента (client.ln), если не указан client.id"},
	CodeBadEmail:        {"client.email {sent} is not an e-mail address", "{sent} — не адрес электронной почты"},
	CodeMissingAddress: {"a delivery order needs address.id, or address.street and address.house",
		"для доставки нужен address.id или улица и дом (address.street, address.house)"},
	CodeBelowMinCheck: {"subtotal {sent} is below the minimum check {limit} for delivery",
		"сумма заказа {sent} меньше минимальной для доставки {limit}"},
	CodeUnknownLineType:                {"line type {sent} is not d, c or dc", "тип строки {sent} — не d, c или dc"},
	CodeUnknownLineType + ".dish":      {"item type {sent} is not m or dc under a dish", "тип позиции {sent} под блюдом — не m или dc"},
	CodeUnknownLineType + ".combo":     {"item type {sent} is not cc or d under a combo", "тип позиции {sent} под комбо — не cc или d"},
	CodeUnknownLineType + ".component": {"item type {sent} is not m under a component", "тип позиции {sent} под компонентом комбо — не m"},
	CodeBadQuantity: {"{dish}: qnt {sent} must be between 1 and {max} thousandths",
		"{dish}: количество {sent} должно быть от 1 до {max} тысячных"},
	CodeBadQuantity + ".item": {"qnt {sent} must be a whole number of pieces (multiple of 1000) above 0",
		"количество {sent} должно быть целым числом штук (кратным 1000) больше нуля"},
	CodeFractionalQuantity: {"{dish}: qnt {qnt} is not a whole number of pieces", "{dish}: количество {qnt} — не целое число штук"},
	CodeUnknownDish:        {"dish {sent} is not on the menu", "блюда {sent} нет в меню"},
	CodeInactiveDish:       {"{dish} is inactive", "{dish} сейчас недоступно"},
	CodeNotACombo:          {"{dish} is not a combo and must be sent as type d", "{dish} — не комбо, его нужно передавать с типом d"},
	CodeComboAsDish:        {"{dish} is a combo and must be sent as type c", "{dish} — комбо, его нужно передавать с типом c"},
	CodeOutOfStock: {"{dish}: {requested} thousandths requested, {available} in stock",
		"{dish}: заказано {requested} тысячных, в наличии {available}"},
	CodeUnknownModifier:    {"modifier {sent} is not on the menu", "модификатора {sent} нет в меню"},
	CodeModifierNotAllowed: {"{modifier} is not allowed for {dish}", "{modifier} нельзя добавить к {dish}"},
	CodeInactiveModifier:   {"{modifier} ({group}) is inactive", "{modifier} ({group}) сейчас недоступен"},
	CodeMaxOneDishExceeded: {"{modifier} is limited to {max} per dish, got {actual}",
		"{modifier}: не больше {max} на порцию, выбрано {actual}"},
	CodeGroupBelowMin: {"{group}: choose at least {min}, got {actual}", "{group}: выберите не меньше {min}, выбрано {actual}"},
	CodeGroupAboveMax: {"{group}: choose at most {max}, got {actual}", "{group}: выберите не больше {max}, выбрано {actual}"},
	CodeComboComponentNotAllowed: {"{dish} is not an active component of {combo}",
		"{dish} нельзя выбрать в {combo}"},
	CodeAmountOverflow:        {"the {amount} amount does not fit in 64 bits", "сумма ({amount}) не помещается в 64 бита"},
	CodeStopped:               {"this is stopped: not available now", "сейчас недоступно (стоп-лист)"},
	CodeStopped + ".dish":     {"{dish} is stopped: not available now", "{dish} в стоп-листе: сейчас недоступно"},
	CodeStopped + ".modifier": {"{modifier} is stopped: not available now", "{modifier} в стоп-листе: сейчас недоступен"},
	CodeOutOfStock + ".modifier": {"{modifier}: {requested} thousandths requested, {available} left",
		"{modifier}: заказано {requested} тысячных, осталось {available}"},
	CodeStaleAvailability: {"the stop list is {age_seconds} s old (limit {max_seconds} s): availability may have changed",
		"стоп-лист устарел: {age_seconds} с (допустимо {max_seconds} с), наличие могло измениться"},
}

// Templates returns a copy of the message catalogue: per code (or
// "code.variant"), the English and the Russian template. {dish},
// {modifier}, {group}, {combo}, {sent} and {limit} name what the violation
// is about; any other {key} is the violation's param of that key. For
// tools that translate or check the messages.
func Templates() map[string][2]string {
	out := make(map[string][2]string, len(catalogue))
	for k, v := range catalogue {
		out[k] = v
	}
	return out
}

// render fills the template of code for l.
func render(l Lang, code string, params Params, m msg) string {
	key := code
	if m.variant != "" {
		key += "." + m.variant
	}
	t, ok := catalogue[key]
	if !ok {
		t, ok = catalogue[code]
	}
	if !ok {
		return code
	}
	tpl := t[l]
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		b.WriteString(fill(l, tpl[i+1:i+j], params, m))
		tpl = tpl[i+j+1:]
	}
}

func fill(l Lang, key string, params Params, m msg) string {
	switch key {
	case "dish":
		return m.dish.render(l, "dish")
	case "modifier":
		return m.modifier.render(l, "modifier")
	case "group":
		return m.group.render(l, "group")
	case "combo":
		return m.combo.render(l, "combo")
	case "sent":
		return m.sent
	case "limit":
		return m.limit
	}
	if v, ok := params.Get(key); ok {
		return fmt.Sprint(v)
	}
	return "{" + key + "}"
}

// Codes lists every violation code, sorted. A test holds it equal to the
// Code* constants.
func Codes() []string {
	var out []string
	for key := range catalogue {
		if !strings.Contains(key, ".") {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}
