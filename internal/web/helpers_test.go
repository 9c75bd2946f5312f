package web_test

import (
	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func accountInput(email, name string, grants ...plenary.Grant) account.CreateInput {
	return account.CreateInput{Email: email, Name: name, Lang: "en", Password: testenv.Password, Grants: grants}
}

func orgInput(name string) organization.Input {
	return organization.Input{Type: organization.Academia, HQState: "BRA", Names: plenary.Localized{"en": name}}
}
