package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/plenary-platform/plenary"
)

// Argon2Params are the cost of hashing a password with argon2id.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 is OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 80 ms
// per hash on the 2-core reference machine.
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// Hasher hashes and checks passwords with argon2id, at most a few at a time: each hash
// takes tens of megabytes and a core, so a wave of sign-ins queues instead of exhausting
// the machine.
type Hasher struct {
	params Argon2Params
	slots  chan struct{}
}

// NewHasher allows concurrency hashes at once.
func NewHasher(p Argon2Params, concurrency int) *Hasher {
	if concurrency < 1 {
		concurrency = 1
	}
	return &Hasher{params: p, slots: make(chan struct{}, concurrency)}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return &plenary.Error{Kind: plenary.KindUnavailable, Message: "error.unavailable", Err: ctx.Err()}
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", plenary.Internal(err)
	}
	p := h.params
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC string, with the parameters stored in
// it (so that raising the cost later does not lock anyone out).
func (h *Hasher) Verify(ctx context.Context, password, phc string) (bool, error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, plenary.Internal(err)
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NeedsRehash reports whether phc was made with other parameters than the current ones.
func (h *Hasher) NeedsRehash(phc string) bool {
	p, _, _, err := parsePHC(phc)
	return err != nil || p != h.params
}

func parsePHC(s string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("account: not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errors.New("account: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errors.New("account: malformed argon2 parameters")
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, errors.New("account: malformed argon2 salt")
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, errors.New("account: malformed argon2 hash")
	}
	return p, salt, key, nil
}

// Password rules: long enough to resist guessing (NIST SP 800-63B asks for 8 at least;
// we ask 12 because these accounts guard diplomatic contacts), short enough to bound
// hashing work, and not the e-mail address.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

func checkPassword(p *plenary.Problems, field, password, email string) {
	if !p.Required(field, password) {
		return
	}
	if !p.MinLength(field, password, MinPasswordLength) || !p.MaxLength(field, password, MaxPasswordLength) {
		return
	}
	if strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)) {
		p.Add(field, "field.password_is_email", nil)
	}
}
