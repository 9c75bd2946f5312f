package account_test

import (
	"testing"

	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }
