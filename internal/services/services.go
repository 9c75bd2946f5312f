// Package services is the set of plenary's domain services. The composition root
// (internal/app) builds it once, each service with its dependencies as constructor
// arguments, and the pages (internal/web) and the API (internal/api) share it: a new
// domain adds its service here, and both surfaces see it.
package services

import (
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/survey"
)

// Services are the domain services of one instance.
type Services struct {
	Accounts       *account.Service
	States         *state.Service
	Organizations  *organization.Service
	Audit          *audit.Service
	Bodies         *body.Service
	Accreditation  *accreditation.Service
	Meetings       *meeting.Service
	Floor          *floor.Service
	Registration   *registration.Service
	Documents      *document.Service
	Consultations  *consultation.Service
	Directory      *directory.Service
	Pings          *ping.Service
	Communications *communication.Service
	Frameworks     *framework.Service
	Survey         *survey.Service
	FollowUp       *followup.Service
}
