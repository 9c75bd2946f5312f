// Package plenary holds the vocabulary every layer of plenary shares: error kinds and
// validation problems, the actor with its roles, the clock, the six languages, jobs and
// cursor paging.
//
// It imports nothing of the project. Domain packages (internal/account, internal/state,
// internal/organization, …) build on it; the web and API layers map its error kinds to
// status codes in exactly one place each.
package plenary
