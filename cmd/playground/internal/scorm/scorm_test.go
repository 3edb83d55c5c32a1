package scorm

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/lessons"
)

// emptyWasm is the smallest valid WebAssembly module (magic and version):
// the structure tests need the bundles' files, not a working app.
var emptyWasm = []byte{0, 'a', 's', 'm', 1, 0, 0, 0}

// webFiles is the repository's web/ folder with an empty module for every
// wasm make would build.
func webFiles(t *testing.T) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	entries, err := os.ReadDir("../../../../web")
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile("../../../../web/" + e.Name())
		require.NoError(t, err)
		out[e.Name()] = &fstest.MapFile{Data: b}
	}
	for _, n := range []string{"app", "miner", "ciphers"} {
		out["gen/"+n+".wasm"] = &fstest.MapFile{Data: emptyWasm}
	}
	return out
}

func builtin(t *testing.T) *lessons.Course {
	t.Helper()
	c, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	return c
}

// The manifest as the spec shapes it: namespace-qualified, so that a wrong
// namespace or a wrongly cased adlcp:scormType fails to match.
type xmlManifest struct {
	XMLName       xml.Name
	Identifier    string `xml:"identifier,attr"`
	SchemaLoc     string `xml:"http://www.w3.org/2001/XMLSchema-instance schemaLocation,attr"`
	Schema        string `xml:"metadata>schema"`
	SchemaVersion string `xml:"metadata>schemaversion"`
	Organizations struct {
		Default string `xml:"default,attr"`
		Orgs    []struct {
			Identifier string    `xml:"identifier,attr"`
			Title      string    `xml:"title"`
			Items      []xmlItem `xml:"item"`
		} `xml:"organization"`
	} `xml:"organizations"`
	Resources []struct {
		Identifier string `xml:"identifier,attr"`
		Type       string `xml:"type,attr"`
		ScormType  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 scormtype,attr"`
		ScormType4 string `xml:"http://www.adlnet.org/xsd/adlcp_v1p3 scormType,attr"`
		Href       string `xml:"href,attr"`
		Files      []struct {
			Href string `xml:"href,attr"`
		} `xml:"file"`
		Deps []struct {
			Ref string `xml:"identifierref,attr"`
		} `xml:"dependency"`
	} `xml:"resources>resource"`
}

type xmlItem struct {
	Identifier string `xml:"identifier,attr"`
	Ref        string `xml:"identifierref,attr"`
	Title      string `xml:"title"`
	Mastery12  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 masteryscore"`
	Measure    string `xml:"http://www.imsglobal.org/xsd/imsss sequencing>objectives>primaryObjective>minNormalizedMeasure"`
}

// unzip reads the package back as an LMS would.
func unzip(t *testing.T, p *Package) map[string][]byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, p.WriteZip(&buf))
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	require.NotEmpty(t, zr.File)
	assert.Equal(t, ManifestName, zr.File[0].Name, "the manifest is first, at the root")
	out := map[string][]byte{}
	for _, f := range zr.File {
		assert.False(t, strings.HasPrefix(f.Name, "/") || strings.Contains(f.Name, "..") || strings.Contains(f.Name, `\`), f.Name)
		_, dup := out[f.Name]
		assert.False(t, dup, "%s twice in the zip", f.Name)
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		out[f.Name] = b
	}
	return out
}

// checkStructure asserts what every package must be, whatever its lessons.
func checkStructure(t *testing.T, v Version, files map[string][]byte, slugs []string) xmlManifest {
	t.Helper()
	var m xmlManifest
	require.NoError(t, xml.Unmarshal(files[ManifestName], &m), "the manifest parses")

	ns, adlcp := "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "http://www.adlnet.org/xsd/adlcp_rootv1p2"
	version := "1.2"
	if v == V2004 {
		ns, adlcp, version = "http://www.imsglobal.org/xsd/imscp_v1p1", "http://www.adlnet.org/xsd/adlcp_v1p3", "2004 4th Edition"
	}
	assert.Equal(t, xml.Name{Space: ns, Local: "manifest"}, m.XMLName)
	assert.Equal(t, "ADL SCORM", m.Schema)
	assert.Equal(t, version, m.SchemaVersion)
	// schemaLocation pairs each namespace with a file name.
	loc := strings.Fields(m.SchemaLoc)
	require.Zero(t, len(loc)%2)
	locs := map[string]string{}
	for i := 0; i < len(loc); i += 2 {
		locs[loc[i]] = loc[i+1]
	}
	assert.Contains(t, locs, ns)
	assert.Contains(t, locs, adlcp)

	// Identifiers: unique XML IDs, and every reference resolves.
	ids := map[string]bool{}
	idRE := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
	addID := func(id string) {
		assert.Regexp(t, idRE, id)
		assert.False(t, ids[id], "identifier %q is used twice", id)
		ids[id] = true
	}
	addID(m.Identifier)
	require.Len(t, m.Organizations.Orgs, 1)
	org := m.Organizations.Orgs[0]
	addID(org.Identifier)
	assert.Equal(t, org.Identifier, m.Organizations.Default)
	assert.NotEmpty(t, org.Title)
	for _, it := range org.Items {
		addID(it.Identifier)
	}
	resources := map[string]int{}
	for i, r := range m.Resources {
		addID(r.Identifier)
		resources[r.Identifier] = i
	}

	// The organization lists the lessons in the order asked (course order).
	require.Len(t, org.Items, len(slugs))
	listed := map[string]int{}
	for i, it := range org.Items {
		assert.NotEmpty(t, it.Title)
		ri, ok := resources[it.Ref]
		require.True(t, ok, "item %s refers to resource %s", it.Identifier, it.Ref)
		r := m.Resources[ri]
		scormType := r.ScormType
		if v == V2004 {
			scormType = r.ScormType4
		}
		assert.Equal(t, "sco", scormType, "the item's resource is a SCO")
		assert.Equal(t, "embed/lesson/"+slugs[i]+"/index.html", r.Href)
	}
	for _, r := range m.Resources {
		assert.Equal(t, "webcontent", r.Type)
		for _, d := range r.Deps {
			_, ok := resources[d.Ref]
			assert.True(t, ok, "dependency %s of %s", d.Ref, r.Identifier)
		}
		for _, f := range r.Files {
			listed[f.Href]++
		}
		if r.Href != "" {
			assert.Contains(t, listed, r.Href, "a resource's launch file is one of its files")
		}
	}

	// Every file of the zip is listed once, and nothing that is not in it.
	for name := range files {
		if name == ManifestName {
			continue
		}
		assert.Equal(t, 1, listed[name], "%s is listed once in the manifest", name)
	}
	for name := range listed {
		_, ok := files[name]
		assert.True(t, ok, "the manifest lists %s, which is not in the zip", name)
	}

	// Nothing a static host would need rewriting rules for, nothing
	// absolute, no service worker.
	for name := range files {
		assert.False(t, strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz"), "%s: no precompressed twins", name)
		assert.NotEqual(t, "app-worker.js", name)
		assert.False(t, bytes.Contains(files[name], []byte(strings.TrimSuffix(renderBase, "/"))), "%s names the render base", name)
	}
	return m
}

// resourceURLRE finds the URLs a page loads (not the links a learner
// follows).
var resourceURLRE = regexp.MustCompile(`<(?:script|link)[^>]*?\s(?:src|href)="([^"]*)"`)

// checkPages asserts that every SCO page loads only files of the package,
// by relative URLs, with the LMS bridge first.
func checkPages(t *testing.T, files map[string][]byte, slugs []string) {
	t.Helper()
	for _, slug := range slugs {
		name := "embed/lesson/" + slug + "/index.html"
		page := string(files[name])
		require.NotEmpty(t, page, name)
		assert.True(t, strings.Contains(page, `data-lesson="`+slug+`"`), name)
		assert.False(t, strings.Contains(page, "og:url"), name)
		assert.False(t, strings.Contains(page, `rel="manifest"`), name)
		urls := resourceURLRE.FindAllStringSubmatch(page, -1)
		require.NotEmpty(t, urls)
		first := regexp.MustCompile(`<script[^>]*\ssrc="([^"]*)"`).FindStringSubmatch(page)
		require.NotNil(t, first)
		assert.Equal(t, "../../../web/scorm.js", first[1], "scorm.js runs before every other script")
		for _, u := range urls {
			assert.NotRegexp(t, `^(/|[a-z]+:)`, u[1], "%s loads %s", name, u[1])
			target := path.Join(path.Dir(name), u[1])
			_, ok := files[target]
			assert.True(t, ok, "%s loads %s, which is not in the package", name, target)
		}
	}
}

func TestPackageBothVersionsWholeCourse(t *testing.T) {
	course := builtin(t)
	var slugs []string
	for _, l := range course.Lessons {
		slugs = append(slugs, l.Slug)
	}
	for _, v := range []Version{V12, V2004} {
		t.Run(string(v), func(t *testing.T) {
			p, err := Build(Config{Course: course, Web: webFiles(t), Version: v})
			require.NoError(t, err)
			files := unzip(t, p)
			checkStructure(t, v, files, slugs)
			checkPages(t, files, slugs)

			loader := string(files["app.js"])
			assert.True(t, strings.HasPrefix(loader, rootLine), "the loader computes its root first")
			assert.NotContains(t, loader, "\ngoappInitServiceWorker();")
			assert.Contains(t, loader, `type.startsWith("application/wasm")`)
			assert.Contains(t, loader, `"GOAPP_ROOT_PREFIX":playgroundRoot + ""`)
			for _, l := range course.Lessons {
				assert.Contains(t, files, "web/data/lessons/"+l.Slug+".json")
			}
			assert.Contains(t, files, "web/gen/app.wasm", "the one app")
		})
	}
}

// --only keeps the named lessons in course order, with only the data they
// load; mastery reaches the manifest.
func TestPackageOnlyAndMastery(t *testing.T) {
	dir := fstest.MapFS{}
	for _, name := range []string{"hashes.md", "proof-of-stake.md", "proof-of-work.md"} {
		b, err := fs.ReadFile(lessons.Builtin, name)
		require.NoError(t, err)
		if name == "proof-of-work.md" {
			b = bytes.Replace(b, []byte("\n---\n"), []byte("\nmastery: 0.75\n---\n"), 1)
		}
		dir[name] = &fstest.MapFile{Data: b}
	}
	course, err := lessons.Compile(dir, "l")
	require.NoError(t, err)

	for _, v := range []Version{V12, V2004} {
		t.Run(string(v), func(t *testing.T) {
			p, err := Build(Config{Course: course, Web: webFiles(t), Version: v, Only: []string{"proof-of-work", "hashes"}})
			require.NoError(t, err)
			files := unzip(t, p)
			m := checkStructure(t, v, files, []string{"hashes", "proof-of-work"})
			checkPages(t, files, []string{"hashes", "proof-of-work"})
			assert.NotContains(t, files, "embed/lesson/proof-of-stake/index.html")
			assert.NotContains(t, files, "web/data/lessons/proof-of-stake.json")
			assert.Contains(t, files, "web/gen/app.wasm")

			items := m.Organizations.Orgs[0].Items
			if v == V12 {
				assert.Equal(t, []string{"", "75"}, []string{items[0].Mastery12, items[1].Mastery12})
			} else {
				assert.Equal(t, []string{"", "0.75"}, []string{items[0].Measure, items[1].Measure})
			}
			tag := regexp.MustCompile(`<script src="../../../web/scorm.js"[^>]*>`)
			assert.Regexp(t, `^<script src="../../../web/scorm.js" data-scorm="`+regexp.QuoteMeta(string(v))+`" data-lesson="proof-of-work" data-checks="check-1(,check-\d+)+" data-mastery="0.75">$`,
				tag.FindString(string(files["embed/lesson/proof-of-work/index.html"])))
			assert.NotContains(t, tag.FindString(string(files["embed/lesson/hashes/index.html"])), "data-mastery")
		})
	}

	_, err = Build(Config{Course: course, Web: webFiles(t), Version: V12, Only: []string{"nope"}})
	assert.EqualError(t, err, `--only: there is no lesson "nope" (lessons: hashes, proof-of-work, proof-of-stake)`)
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]Version{"1.2": V12, "2004": V2004} {
		v, err := ParseVersion(in)
		require.NoError(t, err)
		assert.Equal(t, want, v)
	}
	_, err := ParseVersion("2004-3")
	assert.EqualError(t, err, `--scorm must be 1.2 or 2004 (SCORM 2004 4th edition), not "2004-3"`)
}

// A package built twice from the same lessons has the same identifier and
// manifest, so an LMS sees an update of the same course.
func TestPackageIdentifierIsStable(t *testing.T) {
	course := builtin(t)
	var out [2][]byte
	for i := range out {
		p, err := Build(Config{Course: course, Web: webFiles(t), Version: V2004, Only: []string{"hashes"}})
		require.NoError(t, err)
		out[i] = p.Manifest
	}
	assert.Equal(t, string(out[0]), string(out[1]))
	p, err := Build(Config{Course: course, Web: webFiles(t), Version: V2004, Only: []string{"attacks"}})
	require.NoError(t, err)
	assert.NotEqual(t, packageID(p), regexp.MustCompile(`identifier="([^"]+)"`).FindStringSubmatch(string(out[0]))[1])
}

// SCORM 1.2 keeps at most 4096 characters of suspend data: a lesson whose
// answers might need more is refused for 1.2 (2004 keeps 64000).
func TestPackage12SuspendDataBudget(t *testing.T) {
	lessonWith := func(checks int, option string) fstest.MapFS {
		var b strings.Builder
		b.WriteString("---\ntitle: Many\nsummary: S\norder: 1\n---\n")
		for i := 0; i < checks; i++ {
			b.WriteString("\n::check{question=\"Q?\" options=\"" + option + "|B\" answer=\"B\"}\n")
		}
		return fstest.MapFS{"many.md": {Data: []byte(b.String())}}
	}
	// Each answer takes len(`"check#check-NN":{"selected":"…","correct":false},`).
	for _, tc := range []struct {
		checks int
		option string
		fits   bool
	}{
		{5, strings.Repeat("x", 100), true},
		{20, strings.Repeat("x", 150), true},
		{20, strings.Repeat("x", 180), false},
	} {
		course, err := lessons.Compile(lessonWith(tc.checks, tc.option), "l")
		require.NoError(t, err)
		_, err = Build(Config{Course: course, Web: webFiles(t), Version: V12})
		if tc.fits {
			assert.NoError(t, err, "%d checks of %d characters", tc.checks, len(tc.option))
		} else {
			assert.ErrorContains(t, err, "many.md: the answers to its 20 checks may need 4", "%d checks of %d characters", tc.checks, len(tc.option))
			assert.ErrorContains(t, err, "over SCORM 1.2's 4096")
			_, err = Build(Config{Course: course, Web: webFiles(t), Version: V2004})
			assert.NoError(t, err, "SCORM 2004 has room")
		}
	}
}
