package api

// HumaFormats lists the formats of the huma messages errors.go translates.
func HumaFormats() []string {
	out := make([]string, len(humaMessages))
	for i, m := range humaMessages {
		out[i] = m.format
	}
	return out
}

// HumaFormat returns the format msg is an instance of, or "" if errors.go knows none.
func HumaFormat(msg string) string {
	if m, _ := matchHuma(msg); m != nil {
		return m.format
	}
	return ""
}
