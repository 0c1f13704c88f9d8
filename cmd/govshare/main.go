// Command govshare runs the government data sharing and exchange platform.
package main

import (
	"os"

	"govshare/internal/cli"
)

func main() {
	os.Exit(cli.Execute())
}
