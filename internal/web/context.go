package web

import (
	"context"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
)

type ctxKey int

const (
	keyLang ctxKey = iota
	keyAuth
)

func withLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, keyLang, lang)
}

// langOf returns the language of the request.
func langOf(ctx context.Context) string {
	if l, ok := ctx.Value(keyLang).(string); ok {
		return l
	}
	return plenary.DefaultLanguage
}

// auth is who the request comes from: the session's user and actor, if any.
type auth struct {
	token   string
	user    *account.User // nil for the public
	session account.Session
	next    account.Step
	actor   plenary.Actor
}

func withAuth(ctx context.Context, a *auth) context.Context {
	return context.WithValue(ctx, keyAuth, a)
}

func authOf(ctx context.Context) *auth {
	if a, ok := ctx.Value(keyAuth).(*auth); ok {
		return a
	}
	return &auth{actor: plenary.Public(langOf(ctx))}
}

// actorOf returns the actor of the request, in the request's language.
func actorOf(ctx context.Context) plenary.Actor {
	a := authOf(ctx).actor
	a.Lang = langOf(ctx)
	return a
}
