package testenv

import (
	"os"
	"path/filepath"
	"slices"
)

// Infrastructure are the packages under internal/ that are not domains: they store,
// serve, wire, send or test. Every other package under internal/ is a domain package,
// so that a new domain is checked (its dependencies, its confidential facts) without
// anyone having to remember to add it to a list.
var Infrastructure = []string{
	"api", "app", "config", "demo", "i18n", "jobs", "mail", "secret", "server", "services", "store", "testenv", "web",
}

// DomainPackages lists the domain packages under dir (the module's internal/ folder):
// every folder there that is not Infrastructure.
func DomainPackages(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(Infrastructure, e.Name()) {
			if files, _ := filepath.Glob(filepath.Join(dir, e.Name(), "*.go")); len(files) > 0 {
				out = append(out, e.Name())
			}
		}
	}
	return out, nil
}
