// Package secret holds the server's secret key and what is derived from it: MACs that
// sign links sent by e-mail, and encryption of secrets kept in the database (TOTP seeds).
//
// A database dump alone therefore gives neither working links nor second factors. Every
// instance of one deployment must use the same key.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Key is a 256-bit secret. Each use derives its own subkey from a purpose string, so that
// a MAC made for one purpose is never valid for another.
type Key struct {
	k [32]byte
}

// Parse reads a key written as base64 (standard or URL alphabet, padded or not).
func Parse(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	var b []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil || len(b) != 32 {
		return nil, errors.New("secret: a key is 32 bytes written in base64")
	}
	var k Key
	copy(k.k[:], b)
	return &k, nil
}

// Generate makes a new random key.
func Generate() *Key {
	var k Key
	if _, err := rand.Read(k.k[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return &k
}

// String writes the key in base64, for a key file.
func (k *Key) String() string { return base64.StdEncoding.EncodeToString(k.k[:]) }

// LoadOrCreate reads the key file at path, creating it (mode 0600) with a new key if it
// does not exist. This is how a single instance gets a stable key without configuration.
func LoadOrCreate(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := Parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("secret: %s: %w", path, err)
		}
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("secret: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	k := Generate()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) { // another process created it first
			return LoadOrCreate(path)
		}
		return nil, fmt.Errorf("secret: %w", err)
	}
	if _, err := f.WriteString(k.String() + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("secret: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return k, nil
}

func (k *Key) subkey(purpose string) []byte {
	m := hmac.New(sha256.New, k.k[:])
	m.Write([]byte("plenary/" + purpose))
	return m.Sum(nil)
}

// MAC returns an HMAC-SHA256 of the parts under the subkey for purpose. Parts are
// length-prefixed, so ("ab","c") and ("a","bc") differ.
func (k *Key) MAC(purpose string, parts ...string) []byte {
	m := hmac.New(sha256.New, k.subkey(purpose))
	for _, p := range parts {
		fmt.Fprintf(m, "%d:", len(p))
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}

// Verify reports, in constant time, whether mac is MAC(purpose, parts...).
func (k *Key) Verify(mac []byte, purpose string, parts ...string) bool {
	return hmac.Equal(mac, k.MAC(purpose, parts...))
}

// Seal encrypts plaintext with AES-256-GCM under the subkey for purpose and returns it
// in base64. additional binds the ciphertext to its context (a user ID, say), so that it
// cannot be copied to another row.
func (k *Key) Seal(purpose string, plaintext, additional []byte) string {
	aead := k.aead(purpose)
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	out := aead.Seal(nonce, nonce, plaintext, additional)
	return base64.RawStdEncoding.EncodeToString(out)
}

// Open decrypts what Seal made.
func (k *Key) Open(purpose, sealed string, additional []byte) ([]byte, error) {
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil {
		return nil, errors.New("secret: malformed sealed value")
	}
	aead := k.aead(purpose)
	if len(b) < aead.NonceSize() {
		return nil, errors.New("secret: malformed sealed value")
	}
	pt, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], additional)
	if err != nil {
		return nil, errors.New("secret: sealed value does not open under this key")
	}
	return pt, nil
}

func (k *Key) aead(purpose string) cipher.AEAD {
	block, err := aes.NewCipher(k.subkey("seal/" + purpose))
	if err != nil {
		panic(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}

// Token returns n random bytes in unpadded URL-safe base64: for session cookies, API
// tokens and salts.
func Token(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash returns the SHA-256 of a high-entropy token in hex, for storing tokens at rest.
// (Passwords, which have little entropy, use argon2id instead.)
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return fmt.Sprintf("%x", sum)
}
