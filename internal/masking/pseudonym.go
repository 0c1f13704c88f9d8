package masking

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"

	"github.com/emmansun/gmsm/sm3"
)

// pseudonymBytes is how much of the HMAC a pseudonym keeps: 128 bits, written as 32 hex digits.
const pseudonymBytes = 16

// pseudonym returns the keyed HMAC of value as hex. The same key and value always give the same
// pseudonym, so consumers may still join and test equality on it.
func pseudonym(suite, value string, key []byte) (string, error) {
	if len(key) == 0 {
		return "", ErrEmptyKey
	}

	var h func() hash.Hash = sha256.New
	if suite == SuiteNational {
		h = sm3.New
	}
	mac := hmac.New(h, key)
	mac.Write([]byte(value))
	return hex.EncodeToString(mac.Sum(nil)[:pseudonymBytes]), nil
}
