package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Assets serves the static files under content-hashed names (/static/css/plenary.3f2a9c1b.css),
// so that browsers may keep them for a year and still get a new file the moment it
// changes.
type Assets struct {
	files  map[string][]byte // by plain name, e.g. "css/plenary.css"
	hashed map[string]string // plain name → hashed name
	plain  map[string]string // hashed name → plain name
}

// LoadAssets reads and hashes every embedded static file.
func LoadAssets() (*Assets, error) {
	a := &Assets{files: map[string][]byte{}, hashed: map[string]string{}, plain: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		a.files[name], a.hashed[name], a.plain[h] = b, h, name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	return a, nil
}

// URL returns the hashed URL of a static file; an unknown name is a programming error
// caught by the test that renders every page.
func (a *Assets) URL(name string) string {
	if h, ok := a.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/missing/" + name
}

// ServeHTTP serves /static/<hashed name> with a year-long cache, and the plain name
// (for links from outside, such as the OpenAPI viewer) with a short one.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	cache := "public, max-age=31536000, immutable"
	if p, ok := a.plain[name]; ok {
		name = p
	} else {
		cache = "public, max-age=300"
	}
	b, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", cache)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(b)
}
