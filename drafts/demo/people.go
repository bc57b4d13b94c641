package demo

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/consultations"
	"lifa/drafts/readings"
	"lifa/drafts/store"
)

// The demo's people and what they did are invented for the demonstration
// (the texts are real, the people are not): a member of staff, a
// committee member, and a liaison of each of two contact points, with a
// consultation addressed to the contact points on the wetland draft, a
// meeting of one of them, opinions of the public, the member and both
// contact points, and the staff's answers to some of them.

// Person is one of the demo's accounts. Password is set only when Setup
// created the account (to be printed once); it is never stored.
type Person struct {
	Login        string
	DisplayName  string
	Role         drafts.Role
	ContactPoint string // a liaison's contact point
	Password     string
}

// ContactPoints are the demo's contact points (基层立法联系点).
var ContactPoints = []drafts.ContactPoint{
	{Name: "越秀区北京街道基层立法联系点", Region: "越秀区北京街道"},
	{Name: "海珠区华洲街道基层立法联系点", Region: "海珠区华洲街道"},
}

// People are the demo's accounts, one of each role that signs in.
var People = []Person{
	{Login: "staff", DisplayName: "陈敏", Role: drafts.RoleStaff},
	{Login: "member", DisplayName: "周建国", Role: drafts.RoleMember},
	{Login: "liaison-yuexiu", DisplayName: "李秀兰", Role: drafts.RoleLiaison, ContactPoint: ContactPoints[0].Name},
	{Login: "liaison-haizhu", DisplayName: "黄志强", Role: drafts.RoleLiaison, ContactPoint: ContactPoints[1].Name},
}

// PointsConsultation is the demo's consultation of the contact points on
// the wetland draft, for 30 days from when the demo is loaded.
var PointsConsultation = consultations.NewConsultation{
	Audience: drafts.AudienceContactPoints,
	Title:    "《广州市湿地保护规定（修订）》征求意见稿 基层立法联系点征求意见",
	Instructions: "请各基层立法联系点组织居民、企业和湿地周边群众座谈，收集对征求意见稿的意见，" +
		"截止前在工作台提交（可逐条填写，也可按模板上传 Excel 或 CSV 文件）。（本次征求意见及其中的意见、座谈会、答复均为演示数据。）",
}

// Setup loads the demo, as Load does, with its people: it creates the
// people (when none of them exists yet) with new random passwords and
// returns them, passwords included, to be shown once; then the contact
// points' consultation with its meeting, opinions and answers (when the
// wetland draft has no such consultation yet). Safe on every start.
func Setup(ctx context.Context, st *store.Store) ([]Person, error) {
	if err := Load(ctx, st); err != nil {
		return nil, err
	}
	people, err := createPeople(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("demo people: %w", err)
	}
	rd := readings.New(st)
	cs := consultations.New(st, rd, consultations.Config{})
	defer cs.Close()
	if err := loadActivity(ctx, st, cs, time.Now()); err != nil {
		return nil, fmt.Errorf("demo consultation of the contact points: %w", err)
	}
	return people, nil
}

// createPeople creates the contact points and the people unless one of
// the people exists, and returns those it created with their passwords.
func createPeople(ctx context.Context, st *store.Store) ([]Person, error) {
	for _, p := range People {
		if _, err := st.AccountByName(ctx, p.Login); err == nil {
			return nil, nil
		} else if drafts.ErrorCode(err) != drafts.ENOTFOUND {
			return nil, err
		}
	}
	acc := accounts.New(st)
	cpIDs := map[string]int64{}
	existing, err := st.ContactPoints(ctx)
	if err != nil {
		return nil, err
	}
	for _, cp := range existing {
		cpIDs[cp.Name] = cp.ID
	}
	for _, cp := range ContactPoints {
		if cpIDs[cp.Name] != 0 {
			continue
		}
		made, err := acc.CreateContactPoint(ctx, Actor, cp)
		if err != nil {
			return nil, err
		}
		cpIDs[cp.Name] = made.ID
	}
	out := make([]Person, 0, len(People))
	for _, p := range People {
		p.Password = newPassword()
		if _, err := acc.Create(ctx, Actor, accounts.NewAccount{Name: p.Login, DisplayName: p.DisplayName, Role: p.Role,
			ContactPointID: cpIDs[p.ContactPoint], Password: p.Password}); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// newPassword returns a random password of 12 letters and digits that are
// not easily confused, in groups of four: "k7qm-3xps-hv2t".
func newPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return s.String()
}
