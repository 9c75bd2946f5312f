package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary/internal/i18n"
)

// TestChart: the chart partial escapes every label and title, lays bars out in the
// page's direction (a right-to-left page mirrors them), scales them to the largest
// total, and draws nothing for no data.
func TestChart(t *testing.T) {
	c, err := i18n.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	assets, err := LoadAssets()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := parsePages(c, assets)
	if err != nil {
		t.Fatal(err)
	}
	render := func(ch Chart) string {
		t.Helper()
		var b bytes.Buffer
		if err := ps.byName["home"].ExecuteTemplate(&b, "chart", ch); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	bars := []Bar{
		{Label: `<script>alert("x")</script>`, Value: "30", Parts: []BarPart{{Value: 20, Colour: "#1e6b30", Title: `a "quoted" part`}, {Value: 10, Colour: "#b00020", Title: "b"}}},
		{Label: "Round 2", Value: "15", Parts: []BarPart{{Value: 15, Colour: "#1e6b30", Title: "c"}, {Value: 0, Colour: "#b00020", Title: "none"}}},
	}
	layout := chartLayout{LabelW: 120, RowH: 34, BarH: 22, ValueW: 40}
	ltr := drawChart(&Page{Lang: "en", Dir: "ltr", catalog: c}, "c1", "Figures & more", layout, bars, nil)
	rtl := drawChart(&Page{Lang: "ar", Dir: "rtl", catalog: c}, "c1", "Figures & more", layout, bars, nil)

	svg := render(ltr)
	if strings.Contains(svg, "<script>") || !strings.Contains(svg, "&lt;script&gt;") || !strings.Contains(svg, "Figures &amp; more") ||
		!strings.Contains(svg, "a &#34;quoted&#34; part") {
		t.Errorf("not escaped:\n%s", svg)
	}
	if n := strings.Count(svg, "<rect"); n != 3 {
		t.Errorf("%d bars' parts drawn, want 3 (a zero part is not drawn):\n%s", n, svg)
	}
	// The largest total fills the room between the label and the figure; the other is
	// in proportion.
	full := float64(chartWidth - layout.LabelW - 2*chartPad - layout.ValueW)
	if got := ltr.Rows[0].Parts[0].W + ltr.Rows[0].Parts[1].W; got < full-0.2 || got > full+0.2 {
		t.Errorf("largest bar %.1f wide, want %.1f", got, full)
	}
	if got := ltr.Rows[1].Parts[0].W; got < full/2-0.2 || got > full/2+0.2 {
		t.Errorf("half bar %.1f wide, want %.1f", got, full/2)
	}
	// Mirrored: a part at x..x+w on the left is at width-(x+w) on the right.
	for i, row := range ltr.Rows {
		for j, part := range row.Parts {
			mirror := rtl.Rows[i].Parts[j]
			if d := float64(chartWidth) - (part.X + part.W) - mirror.X; d < -0.2 || d > 0.2 {
				t.Errorf("row %d part %d: at %.1f on the left, %.1f on the right", i, j, part.X, mirror.X)
			}
		}
		// Texts are anchored by their start, which a right-to-left SVG puts on their
		// right: the label at the right edge, the figure left of the bar.
		if row.Label.Anchor != "start" || rtl.Rows[i].Label.Anchor != "start" || rtl.Rows[i].Label.X != chartWidth-chartPad {
			t.Errorf("row %d labels: %+v / %+v", i, row.Label, rtl.Rows[i].Label)
		}
		end := float64(chartWidth)
		for _, part := range rtl.Rows[i].Parts {
			end = min(end, part.X)
		}
		if v := rtl.Rows[i].Value; v.Anchor != "start" || v.X >= end {
			t.Errorf("row %d figure: %+v, want anchored by its start left of the bar (x < %.1f)", i, v, end)
		}
	}
	if !strings.Contains(svg, `direction="ltr"`) || !strings.Contains(render(rtl), `direction="rtl"`) {
		t.Errorf("the SVG does not carry the page's direction:\n%s", svg)
	}
	if got := render(drawChart(&Page{Lang: "en", Dir: "ltr", catalog: c}, "c2", "Empty", layout, nil, nil)); strings.TrimSpace(got) != "" {
		t.Errorf("a chart without data draws %q", got)
	}
	if got := cut("Organisation for Security and Co-operation", 24); got != "Organisation for Securi…" {
		t.Errorf("cut: %q", got)
	}
}
