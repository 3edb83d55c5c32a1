package scorm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"sort"
	"strconv"
	"text/template"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// The manifest follows the SCORM Content Aggregation Model of each edition:
//   - SCORM 1.2: IMS Content Packaging 1.1.2 (namespace imscp_rootv1p1p2)
//     with ADL's adlcp_rootv1p2 extensions: adlcp:scormtype on resources,
//     adlcp:masteryscore (0-100) on items;
//   - SCORM 2004 4th edition: IMS CP 1.1.4 (imscp_v1p1) with adlcp_v1p3
//     (adlcp:scormType, camel case), and IMS Simple Sequencing (imsss) for
//     the mastery score: a primary objective satisfied by measure, which
//     the LMS hands to the SCO as cmi.scaled_passing_score.
//
// One organization lists the lessons in course order, one item and one SCO
// resource per lesson. A SCO resource lists its page and its lesson data;
// everything the SCOs share (the app, the workers, styles, icons) is one
// asset resource that each SCO depends on, so every file of the package is
// listed exactly once.
//
// The XSD files named in xsi:schemaLocation are not in the package: they
// are IMS's and ADL's, and LMSs (Moodle, Canvas, SCORM Cloud) read the
// manifest without them. ADL's conformance test suite asks for them; a
// publisher who needs it can add them to the zip's root.

type manifestData struct {
	V2004      bool
	ScormType  string // the attribute's name: adlcp:scormtype (1.2), adlcp:scormType (2004)
	Identifier string
	Title      string
	Org        string
	Shared     string
	Items      []manifestItem
	SharedRes  []string
}

type manifestItem struct {
	Item, Res, Title, Href string
	Files                  []string
	Mastery                float64 // 0: none
	ObjectiveID            string
}

// Percent is the mastery as SCORM 1.2's adlcp:masteryscore, 0-100.
func (i manifestItem) Percent() string {
	return strconv.FormatFloat(i.Mastery*100, 'f', -1, 64)
}

// Measure is the mastery as SCORM 2004's minNormalizedMeasure, 0-1.
func (i manifestItem) Measure() string { return strconv.FormatFloat(i.Mastery, 'f', -1, 64) }

var funcs = template.FuncMap{"x": func(s string) (string, error) {
	var b bytes.Buffer
	err := xml.EscapeText(&b, []byte(s))
	return b.String(), err
}}

// manifestTemplate writes both editions: they differ in namespaces, the
// schema version, the case of adlcp:scormtype and how mastery is said.
var manifestTemplate = template.Must(template.New("manifest").Funcs(funcs).Parse(`<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{{x .Identifier}}" version="1.0"
{{- if .V2004}}
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
{{- else}}
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
{{- end}}
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{{if .V2004}}2004 4th Edition{{else}}1.2{{end}}</schemaversion>
  </metadata>
  <organizations default="{{.Org}}">
    <organization identifier="{{.Org}}">
      <title>{{x .Title}}</title>
{{- range .Items}}
      <item identifier="{{.Item}}" identifierref="{{.Res}}" isvisible="true">
        <title>{{x .Title}}</title>
{{- if and .Mastery $.V2004}}
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="{{.ObjectiveID}}" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{{.Measure}}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
{{- else if .Mastery}}
        <adlcp:masteryscore>{{.Percent}}</adlcp:masteryscore>
{{- end}}
      </item>
{{- end}}
{{- if .V2004}}
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
{{- end}}
    </organization>
  </organizations>
  <resources>
{{- range .Items}}
    <resource identifier="{{.Res}}" type="webcontent" {{$.ScormType}}="sco" href="{{x .Href}}">
{{- range .Files}}
      <file href="{{x .}}"/>
{{- end}}
      <dependency identifierref="{{$.Shared}}"/>
    </resource>
{{- end}}
    <resource identifier="{{.Shared}}" type="webcontent" {{.ScormType}}="asset">
{{- range .SharedRes}}
      <file href="{{x .}}"/>
{{- end}}
    </resource>
  </resources>
</manifest>
`))

// manifest writes imsmanifest.xml for p. Identifiers are XML IDs (a letter
// first, then letters, digits and '-'): lesson slugs are made of those.
func manifest(p *Package) ([]byte, error) {
	d := manifestData{Title: p.Title, Org: "course", Shared: "shared-files"}
	own := map[string]bool{ManifestName: true}
	for _, l := range p.Lessons {
		files := []string{scoHref(l.Slug), lesson.DataPath(l.Slug)}
		for _, f := range files {
			own[f] = true
		}
		d.Items = append(d.Items, manifestItem{
			Item: "item-" + l.Slug, Res: "sco-" + l.Slug, Title: l.Title, Href: scoHref(l.Slug),
			Files: files, Mastery: l.Mastery, ObjectiveID: "mastery-" + l.Slug,
		})
	}
	for name := range p.Files {
		if !own[name] {
			d.SharedRes = append(d.SharedRes, name)
		}
	}
	sort.Strings(d.SharedRes)
	d.Identifier = packageID(p)
	d.V2004, d.ScormType = p.Version == V2004, "adlcp:scormtype"
	if d.V2004 {
		d.ScormType = "adlcp:scormType"
	}
	var b bytes.Buffer
	err := manifestTemplate.Execute(&b, d)
	return b.Bytes(), err
}

// packageID names the package after its edition and lessons: the same
// lessons built again are the same package to an LMS, which then offers to
// update it rather than adding a second course.
func packageID(p *Package) string {
	h := sha256.New()
	h.Write([]byte(p.Version))
	for _, l := range p.Lessons {
		h.Write([]byte("\x00" + l.Slug))
	}
	return "playground-" + hex.EncodeToString(h.Sum(nil)[:8])
}
