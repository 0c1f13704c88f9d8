// Package version holds the release version of the binary.
package version

// Version is set at build time with -ldflags "-X govshare/internal/cli/version.Version=...".
var Version = "dev"
