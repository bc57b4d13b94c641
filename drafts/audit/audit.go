// Package audit reads the audit log (操作日志) for people: every write, who
// did it and when, newest first, each entry said in words — what was done,
// to what (with a link), the details it keeps under Chinese names, and the
// codes they hold (roles, stages, audiences, times) in words; the actor by
// the person's name. The store writes the log; this package only reads it.
//
// Errors are *drafts.Error: EINVALID for a filter on an unknown kind of
// object; the store's errors otherwise.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"lifa/drafts"
	"lifa/drafts/store"
)

// Service reads the audit log of one store. Create it with New.
type Service struct{ store *store.Store }

// New returns the audit log of st.
func New(st *store.Store) *Service { return &Service{store: st} }

// CheckFilter refuses a filter on a kind of object the log does not know
// (EINVALID).
func CheckFilter(f store.AuditFilter) error {
	if f.Entity != "" && entityLabels[f.Entity] == "" {
		return drafts.Errorf(drafts.EINVALID, "未知的对象类型 %q。", f.Entity)
	}
	return nil
}

// Entries returns the entries matching f as the store keeps them (the
// API's), newest first, and how many match.
func (s *Service) Entries(ctx context.Context, f store.AuditFilter) ([]drafts.AuditEntry, int, error) {
	if err := CheckFilter(f); err != nil {
		return nil, 0, err
	}
	return s.store.AuditEntries(ctx, f)
}

// Page is the audit log as people read it: the entries of a filter in
// words, how many match, and the kinds of object to filter by.
type Page struct {
	Entries  []Row
	Total    int
	Entities []Option
}

// Option is one kind of object to filter by: its code and name.
type Option struct{ Value, Label string }

// Row is one entry in words.
type Row struct {
	drafts.AuditEntry
	// Login is the actor's login name; Actor becomes the person's name
	// when Person (the actor is an account with a display name), a word
	// for the actors that are no account (系统, 社会公众).
	Login              string
	Person             bool
	What, Object, Link string
	Details            []Detail
}

// Detail is one detail of an entry: its name and value. Data marks a
// value people typed or uploaded (a title, a file name), shown as it is.
type Detail struct {
	Name, Value string
	Data        bool
}

// Page returns the entries matching f in words.
func (s *Service) Page(ctx context.Context, f store.AuditFilter) (*Page, error) {
	list, total, err := s.Entries(ctx, f)
	if err != nil {
		return nil, err
	}
	stages, err := s.store.Stages(ctx)
	if err != nil {
		return nil, err
	}
	stageNames := map[string]string{}
	for _, st := range stages {
		stageNames[st.Code] = st.Name
	}
	names, err := s.actorNames(ctx, list)
	if err != nil {
		return nil, err
	}
	p := &Page{Total: total}
	for _, e := range list {
		r := rowOf(e, stageNames)
		if name := names[e.Actor]; name != "" {
			r.Actor, r.Person = name, true
		}
		p.Entries = append(p.Entries, r)
	}
	for k, v := range entityLabels {
		p.Entities = append(p.Entities, Option{k, v})
	}
	sort.Slice(p.Entities, func(i, j int) bool { return p.Entities[i].Value < p.Entities[j].Value })
	return p, nil
}

// actorNames maps the login names that wrote the entries to the people's
// display names (陈敏 for staff); an actor that is no account, or an
// account since removed or without a display name, is left out.
func (s *Service) actorNames(ctx context.Context, list []drafts.AuditEntry) (map[string]string, error) {
	names := map[string]string{}
	for _, e := range list {
		if _, done := names[e.Actor]; done || actorLabels[e.Actor] != "" {
			continue
		}
		names[e.Actor] = ""
		a, err := s.store.AccountByName(ctx, e.Actor)
		if drafts.ErrorCode(err) == drafts.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		names[e.Actor] = a.DisplayName
	}
	return names, nil
}

// rowOf describes an entry in words: what was done, to what (with a
// link), and the details the log keeps, under Chinese names and with the
// codes they hold (roles, stages by stageNames, audiences, times) in words.
func rowOf(e drafts.AuditEntry, stageNames map[string]string) Row {
	r := Row{AuditEntry: e, Login: e.Actor, What: actionLabels[e.Action]}
	if name := actorLabels[r.Actor]; name != "" {
		r.Actor = name
	}
	if r.What == "" {
		r.What = "其他操作"
	}
	r.Object = entityLabels[e.Entity]
	if e.EntityID != 0 {
		r.Object += fmt.Sprintf(" %d", e.EntityID)
		if l := entityLink[e.Entity]; l != "" {
			r.Link = fmt.Sprintf(l, e.EntityID)
		}
	}
	var m map[string]any
	if json.Unmarshal([]byte(e.Detail), &m) == nil {
		for k, v := range m {
			name := detailLabels[k]
			if name == "" || (strings.HasSuffix(k, "_id") && v == 0.0) { // no contact point: not "联系点：0"
				continue
			}
			var val string
			switch v := v.(type) {
			case string:
				val = value(k, v, stageNames)
			case bool:
				val = map[bool]string{true: "是", false: "否"}[v]
			case nil:
			default:
				b, _ := json.Marshal(v)
				val = string(b)
			}
			r.Details = append(r.Details, Detail{Name: name, Value: val, Data: dataKeys[k]})
		}
		sort.Slice(r.Details, func(i, j int) bool { return r.Details[i].Name < r.Details[j].Name })
	}
	return r
}

// value says a detail's string value in words: the codes of roles,
// stages and audiences by their names, times in China time.
func value(key, v string, stageNames map[string]string) string {
	switch key {
	case "role":
		return drafts.Role(v).Label()
	case "stage":
		if n := stageNames[v]; n != "" {
			return n
		}
	case "audience":
		return drafts.Audience(v).Label()
	case "status": // an opinion's moderation, or a regulation's status in words
		return drafts.StatusLabel(v)
	case "opens_at", "closes_at":
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return drafts.FormatDateTime(t)
		}
	}
	return v
}

// actorLabels name the actors that are no account: the store's own
// writes and the public's opinions.
var actorLabels = map[string]string{"system": "系统", "public": "社会公众"}

// dataKeys are the details whose values people typed or uploaded.
var dataKeys = map[string]bool{
	"title": true, "committee": true, "region": true, "label": true, "filename": true, "name": true,
	"display_name": true, "reason": true, "place": true, "instructions": true, "previous": true,
}

// actionLabels name the audit log's actions.
var actionLabels = map[string]string{
	"account.create": "新增用户", "account.login": "登录", "account.logout": "退出", "account.update": "修改用户",
	"account.notice_email": "设置通知邮箱", "api_token.create": "创建 API 令牌", "api_token.revoke": "撤销 API 令牌",
	"consultation.create": "发起征求意见", "consultation.update": "修改征求意见", "consultation.extend": "延长征求意见期",
	"consultation.close": "提前结束征求意见", "contact_point.create": "新增联系点", "feedback.publish": "公布意见采纳情况",
	"meeting.create": "提交座谈会", "opinion.answer": "答复意见", "opinion.create": "提交意见", "opinion.moderate": "审核意见",
	"regulation.create": "新建法规项目", "regulation.update": "修改法规项目", "report.create": "起草报告",
	"report.final": "定稿报告", "report.save": "保存报告", "setting.set": "修改设置", "version.create": "上传版本",
	"version.withdraw": "撤回版本", "stage.create": "新增审议阶段", "stage.update": "修改审议阶段", "stage.delete": "删除审议阶段",
}

// entityLabels name what an entry is about.
var entityLabels = map[string]string{
	"account": "用户", "api_token": "API 令牌", "consultation": "征求意见", "contact_point": "联系点", "meeting": "座谈会",
	"opinion": "意见", "regulation": "法规项目", "report": "报告", "setting": "设置", "version": "版本", "stage": "审议阶段",
}

// entityLink is the page of an entity, by id.
var entityLink = map[string]string{
	"consultation": "/consultations/%d", "contact_point": "/contact-points/%d", "regulation": "/regulations/%d",
	"version": "/versions/%d", "opinion": "/staff/opinions?opinion=%d",
}

// detailLabels name the details an entry keeps; others are not shown.
var detailLabels = map[string]string{
	"title": "标题", "kind": "立法类型", "committee": "负责机构", "status": "状态", "level": "效力级别", "region": "地区",
	"regulation_id": "法规项目", "seq": "版本序号", "stage": "阶段", "label": "版本名称", "filename": "文件名",
	"articles": "条数", "name": "名称", "role": "角色", "contact_point_id": "联系点", "display_name": "姓名",
	"disabled": "停用", "password": "密码", "version_id": "版本", "audience": "征求对象", "opens_at": "开始时间",
	"closes_at": "截止时间", "contact_point_ids": "联系点", "reason": "理由", "count": "条数", "disposition": "处理结果",
	"date": "日期", "place": "地点", "participants": "人数", "previous": "原值", "to_version_id": "对照版本",
	"instructions": "说明", "from": "原值", "to": "新值",
}
