package export

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
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
