package drafts

// ShownName is how the account is named to people: its display name,
// else its login name.
func (a *Account) ShownName() string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	return a.Name
}
