package main

func (e cliEnv) price(args []string) int {
	return e.fail("price: not implemented yet")
}
