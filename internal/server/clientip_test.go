package server

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "10.0.0.2:5555"
	req.Header.Add("X-Forwarded-For", "6.6.6.6")      // written by the client
	req.Header.Add("X-Forwarded-For", "198.51.100.7") // added by our proxy
	if got := ClientIP(true)(req); got != "198.51.100.7" {
		t.Errorf("behind a proxy: %q", got)
	}
	if got := ClientIP(false)(req); got != "10.0.0.2" {
		t.Errorf("without trusting the proxy: %q", got)
	}
	req.Header.Del("X-Forwarded-For")
	req.Header.Set("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
	if got := ClientIP(true)(req); got != "198.51.100.7" {
		t.Errorf("one line: %q", got)
	}
	req.RemoteAddr = "[2001:db8::1]:443"
	if got := ClientIP(false)(req); got != "2001:db8::1" {
		t.Errorf("IPv6: %q", got)
	}
}
