package export

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// chromium finds headless Chromium. Without it the test is skipped, except
// in CI (CI set), where a missing browser fails the run: .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("headless Chromium is not installed (apt-get install chromium); CI must check the public page in it")
	}
	t.Skip("headless Chromium is not installed (apt-get install chromium); the public page was not checked in a browser")
	return ""
}

// runChromium runs headless Chromium on a file with the given flags. The
// flags keep it off the network: no background requests, and every host
// name resolves to nothing, so a page that asked for anything outside
// itself would render without it (and the page has nothing to ask for).
func runChromium(t *testing.T, bin, page string, flags ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + t.TempDir()}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", flags, err, out)
	}
}

// TestPublicPageInChromium renders the "tools we use" page in headless
// Chromium: at a laptop's screen size in the light and the dark scheme
// (PNG), and for print (PDF). The screenshots must be the size asked for,
// the page's background must follow the scheme (light: near white, dark:
// near black), and the PDF must be a real PDF of at least one page.
// INVENTORY_PAGE_OUT=DIR keeps the files there for a person to look at.
func TestPublicPageInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	if out := os.Getenv("INVENTORY_PAGE_OUT"); out != "" {
		dir = out
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
	}
	page := filepath.Join(dir, "tools-we-use.html")
	if err := os.WriteFile(page, mustInventory(t, testfixture.Inventory(t), FormatPublic, ""), 0o600); err != nil {
		t.Fatal(err)
	}
	const width, height = 1280, 800
	for _, scheme := range []struct {
		name  string
		flags []string
		dark  bool
	}{
		{"light", nil, false},
		{"dark", []string{"--force-dark-mode", "--blink-settings=preferredColorScheme=0"}, true},
	} {
		shot := filepath.Join(dir, "tools-we-use-"+scheme.name+".png")
		runChromium(t, bin, page, append(scheme.flags, "--window-size=1280,800", "--screenshot="+shot)...)
		img := decodePNG(t, shot)
		if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
			t.Fatalf("%s screenshot is %dx%d, want %dx%d", scheme.name, b.Dx(), b.Dy(), width, height)
		}
		r, g, bl, _ := img.At(5, 5).RGBA() // the page's margin: its background
		lum := (299*r + 587*g + 114*bl) / 1000 >> 8
		if scheme.dark && lum > 64 || !scheme.dark && lum < 192 {
			t.Errorf("%s scheme: background luminance %d of 255", scheme.name, lum)
		}
		if colours := distinctColours(img); colours < 8 {
			t.Errorf("%s screenshot has %d colours: the page did not render", scheme.name, colours)
		}
	}
	pdf := filepath.Join(dir, "tools-we-use.pdf")
	runChromium(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data, []byte("/Type /Page")) {
		t.Fatalf("the print output is not a PDF with pages (%d bytes)", len(data))
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// distinctColours counts the colours of a sample of pixels.
func distinctColours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	return len(seen)
}

// TestRunChartInChromium renders the HTML summary of the demo session's
// plan year (its ratings left out, so the page is short enough to draw
// whole) in headless Chromium, in the light and the dark scheme:
// its two run charts must be drawn (the charts' line colour covers enough
// of the page, over the page's background), and the part of the page with
// them is kept as run-chart-SCHEME.png. SUMMARY_PAGE_OUT=DIR keeps the page
// and the PNGs there for a person to look at.
func TestRunChartInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	if out := os.Getenv("SUMMARY_PAGE_OUT"); out != "" {
		dir = out
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
	}
	s := testfixture.Demo(t)
	s.Ratings = nil
	html, err := Render(s, FormatHTML, Options{Today: goldenToday})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(html, []byte(`<figure class="run"`)) != 2 {
		t.Fatal("the summary does not have a run chart for each of its two measures")
	}
	page := filepath.Join(dir, "summary.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []struct {
		name  string
		flags []string
		run   [3]int // the run charts' colour (--run)
		dark  bool
	}{
		{"light", nil, [3]int{0xb3, 0x54, 0x1e}, false},
		{"dark", []string{"--force-dark-mode", "--blink-settings=preferredColorScheme=0"}, [3]int{0xf0, 0xa3, 0x5e}, true},
	} {
		// Headless Chromium paints only the top of a page it has scrolled,
		// so the window is as tall as the page and the charts are cut out.
		full := filepath.Join(t.TempDir(), "page.png")
		runChromium(t, bin, page, append(scheme.flags, "--window-size=1000,9000", "--screenshot="+full)...)
		img := decodePNG(t, full)
		r, g, bl, _ := img.At(5, 5).RGBA()
		lum := (299*r + 587*g + 114*bl) / 1000 >> 8
		if scheme.dark && lum > 64 || !scheme.dark && lum < 192 {
			t.Errorf("%s scheme: background luminance %d of 255", scheme.name, lum)
		}
		n, box := pixelsNear(img, scheme.run, 30)
		if n < 600 || box.Dy() < 300 {
			t.Errorf("%s scheme: %d pixels of the run charts' colour over %d rows: the charts were not drawn", scheme.name, n, box.Dy())
			continue
		}
		crop := image.Rect(0, max(box.Min.Y-120, 0), img.Bounds().Dx(), min(box.Max.Y+80, img.Bounds().Dy()))
		writePNG(t, filepath.Join(dir, "run-chart-"+scheme.name+".png"), img.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(crop))
	}
}

// pixelsNear counts the pixels within tol of colour c in every channel and
// returns the box around them.
func pixelsNear(img image.Image, c [3]int, tol int) (int, image.Rectangle) {
	n := 0
	var box image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if abs(int(r>>8)-c[0]) <= tol && abs(int(g>>8)-c[1]) <= tol && abs(int(bl>>8)-c[2]) <= tol {
				n++
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return n, box
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestTablesFitAt1000px: in a window 1000 px wide (and 1280), no table of
// the HTML summary is wider than its box, so none scrolls sideways: the
// demo's and a carried session's (the data plan's five text columns, each
// at least 12rem, cut off Cadence; a domain's rating table, with a column
// per member and last year's beside this year's, was 1,030–1,090 px). A
// script added to a copy of the page measures each in Chromium.
func TestTablesFitAt1000px(t *testing.T) {
	bin := chromium(t)
	const probe = `<script>
const wide = [];
for (const d of document.querySelectorAll("div.wide")) {
  if (d.scrollWidth > d.clientWidth + 1) {
    const h = d.previousElementSibling;
    wide.push((h ? h.textContent.trim().split("\n")[0].slice(0, 40) : "a table") + ": " + d.scrollWidth + " px in " + d.clientWidth);
  }
}
document.body.setAttribute("data-wide", wide.length ? wide.join("; ") : "fits");
</script></body>`
	for _, c := range []struct {
		name string
		sess *workbook.Session
	}{{"demo", testfixture.Demo(t)}, {"carried", testfixture.Carried(t)}} {
		html, err := Render(c.sess, FormatHTML, Options{Today: goldenToday})
		if err != nil {
			t.Fatal(err)
		}
		page := filepath.Join(t.TempDir(), "summary.html")
		if err := os.WriteFile(page, bytes.Replace(html, []byte("</body>"), []byte(probe), 1), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"1000", "1280"} {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			out, err := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
				"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir="+t.TempDir(),
				"--window-size="+w+",1600", "--dump-dom", "file://"+page).Output()
			cancel()
			if err != nil {
				t.Fatalf("chromium --dump-dom: %v", err)
			}
			m := regexp.MustCompile(`<body[^>]*data-wide="([^"]*)"`).FindSubmatch(out)
			if m == nil || len(m[1]) == 0 {
				t.Fatalf("%s at %s px: the tables were not measured", c.name, w)
			}
			if string(m[1]) != "fits" {
				t.Errorf("%s at %s px, tables scroll sideways: %s", c.name, w, m[1])
			}
		}
	}
}
