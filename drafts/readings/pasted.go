package readings

// The API's JSON bodies that send a text rather than upload a file.

// PastedUpload is a reading sent as JSON: its text and what it is.
type PastedUpload struct {
	Stage       string `json:"stage"`
	Label       string `json:"label"`
	Date        string `json:"date"`
	Explanation string `json:"explanation"`
	// Filename says the text's format (.txt, .md); PastedName when empty.
	Filename string `json:"filename"`
	Text     string `json:"text"`
}

// Upload is the reading as an upload.
func (p PastedUpload) Upload() Upload {
	u := Upload{Stage: p.Stage, Label: p.Label, Date: p.Date, Explanation: p.Explanation, Filename: p.Filename, Data: []byte(p.Text)}
	if u.Filename == "" {
		u.Filename = PastedName
	}
	return u
}

// PastedDecision is an amendment decision sent as JSON, with what the
// amended text is to be and, with DryRun, only the report wanted.
type PastedDecision struct {
	Text   string `json:"text"`
	Stage  string `json:"stage"`
	Label  string `json:"label"`
	Date   string `json:"date"`
	DryRun *bool  `json:"dry_run"`
}

// DecisionUpload is the decision as an upload.
func (p PastedDecision) DecisionUpload() DecisionUpload {
	return DecisionUpload{Text: p.Text, Stage: p.Stage, Label: p.Label, Date: p.Date}
}
