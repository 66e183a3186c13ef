package engine_test

// rulesMenu is a small menu built to exercise every rule of SPEC §4–5.
//
//	dish 1 Soup 5000, no scheme (common groups only)
//	dish 2 Pelmeni 5000, scheme 100: group 101 {111 +500 uncapped, 112 −200, 113 inactive, 114 +300 max 2}; group 102 inactive {121}
//	dish 3 Old dish 1000, inactive
//	dish 4 Lunch 20000, combo scheme 200:
//	       201 Main  1..1 default 2011, replace=1 {2011→5 +0, 2012→2 +1000 max 1, 2013→3 inactive}
//	       202 Side  1..2 {2021→6 +0 max 2, 2022→7 +500}
//	       203 inactive {2031→1}
//	dish 5 Burger 30000, scheme 300: 301 Sauce 1..1 default 311 replace=1 {311 +0, 312 +50}; 302 Extras ..2 {321 +100 max 2, 322 +150}
//	dish 6 Fries 10000, no scheme
//	dish 7 Cola 8000, scheme 400: 401 Ice default 411 replace=0 {411 +5, 412 +20}
//	dish 8 Gold 9223372036854775807, no scheme (overflow)
//	dish 9 Tea 999, scheme 500: 501 Extras 1..2 default 511 replace=0 {511 +0, 512 +30, 513 +40}; 502 Size 1..1 {521 +0, 522 +100}
//	dish 10 Tea set 15000, combo scheme 250: 251 default 2511 replace=1 {2511→9 +0}
//	common scheme 900: 901 {911 +10 max 3, 912 +0}
const rulesMenu = `{"data":{
"dishes":[
 {"id":1,"name":"Soup","price":5000,"modischeme":0,"active":1},
 {"id":2,"name":"Pelmeni","price":5000,"modischeme":100,"active":1},
 {"id":3,"name":"Old dish","price":1000,"modischeme":0,"active":0},
 {"id":4,"name":"Lunch","price":20000,"modischeme":200,"active":1},
 {"id":5,"name":"Burger","price":30000,"modischeme":300,"active":1},
 {"id":6,"name":"Fries","price":10000,"modischeme":0,"active":1},
 {"id":7,"name":"Cola","price":8000,"modischeme":400,"active":1},
 {"id":8,"name":"Gold","price":9223372036854775807,"modischeme":0,"active":1},
 {"id":9,"name":"Tea","price":999,"modischeme":500,"active":1},
 {"id":10,"name":"Tea set","price":15000,"modischeme":250,"active":1}],
"modifiers":[
 {"id":100,"active":1,"group":[
  {"id":101,"active":1,"modi":[
   {"id":111,"price":500,"active":1,"maxOneDish":0},
   {"id":112,"price":-200,"active":1,"maxOneDish":1},
   {"id":113,"price":100,"active":0,"maxOneDish":1},
   {"id":114,"price":300,"active":1,"maxOneDish":2}]},
  {"id":102,"active":0,"modi":[{"id":121,"price":1,"active":1}]}]},
 {"id":200,"active":1,"group":[
  {"id":201,"active":1,"useDownLimit":1,"downLimit":1,"useUpLimit":1,"upLimit":1,"defaultModifier":2011,"replaceDefModifier":1,"modi":[
   {"id":2011,"dishid":5,"price":0,"active":1,"maxOneDish":1},
   {"id":2012,"dishid":2,"price":1000,"active":1,"maxOneDish":1},
   {"id":2013,"dishid":3,"price":0,"active":0,"maxOneDish":1}]},
  {"id":202,"active":1,"useDownLimit":1,"downLimit":1,"useUpLimit":1,"upLimit":2,"modi":[
   {"id":2021,"dishid":6,"price":0,"active":1,"maxOneDish":2},
   {"id":2022,"dishid":7,"price":500,"active":1,"maxOneDish":0}]},
  {"id":203,"active":0,"modi":[{"id":2031,"dishid":1,"price":0,"active":1}]}]},
 {"id":250,"active":1,"group":[
  {"id":251,"active":1,"defaultModifier":2511,"replaceDefModifier":1,"modi":[{"id":2511,"dishid":9,"price":0,"active":1}]}]},
 {"id":300,"active":1,"group":[
  {"id":301,"active":1,"useDownLimit":1,"downLimit":1,"useUpLimit":1,"upLimit":1,"defaultModifier":311,"replaceDefModifier":1,"modi":[
   {"id":311,"price":0,"active":1,"maxOneDish":1},{"id":312,"price":50,"active":1,"maxOneDish":1}]},
  {"id":302,"active":1,"useUpLimit":1,"upLimit":2,"modi":[
   {"id":321,"price":100,"active":1,"maxOneDish":2},{"id":322,"price":150,"active":1,"maxOneDish":1}]}]},
 {"id":400,"active":1,"group":[
  {"id":401,"active":1,"defaultModifier":411,"replaceDefModifier":0,"modi":[
   {"id":411,"price":5,"active":1},{"id":412,"price":20,"active":1}]}]},
 {"id":500,"active":1,"group":[
  {"id":501,"active":1,"useDownLimit":1,"downLimit":1,"useUpLimit":1,"upLimit":2,"defaultModifier":511,"replaceDefModifier":0,"modi":[
   {"id":511,"price":0,"active":1},{"id":512,"price":30,"active":1},{"id":513,"price":40,"active":1}]},
  {"id":502,"active":1,"useDownLimit":1,"downLimit":1,"useUpLimit":1,"upLimit":1,"modi":[
   {"id":521,"price":0,"active":1},{"id":522,"price":100,"active":1}]}]}],
"commonModifiers":[
 {"id":900,"active":1,"group":[
  {"id":901,"active":1,"modi":[{"id":911,"price":10,"active":1,"maxOneDish":3},{"id":912,"price":0,"active":1}]}]}]
},"status":"Ok"}`

// rulesRestaurant: id 777, minimum check 100.00, delivery 5.00, 10:00–22:00.
const rulesRestaurant = `{"id":777,"min_check_amount":100,"delivery_price":5,"delivery_period":{"begin":"10:00","end":"22:00"}}`
