package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"lifa/drafts"
	"lifa/drafts/accounts"
	"lifa/drafts/store"
)

// runUser manages accounts and contact points:
//
//	lifa user add --role staff|admin|member|liaison [--contact-point ID|名称] [--display-name N] [--password P] NAME
//	lifa user list
//	lifa user contact-point [--region R] [--address A] NAME
//
// add without --password asks for it on a terminal, twice and without
// echo; from a pipe it reads the first line of standard input (so it does
// not land in the shell history). Passwords are at least 8 characters.
// A liaison (联系点联络员) belongs to a contact point: create the contact
// point first, then the liaison with --contact-point.
func runUser(args []string, stdout, stderr io.Writer) int {
	fd := int(os.Stdin.Fd())
	return runUserWith(args, passwordSource{
		in:         os.Stdin,
		terminal:   func() bool { return term.IsTerminal(fd) },
		readHidden: func() ([]byte, error) { return term.ReadPassword(fd) },
	}, stdout, stderr)
}

// passwordSource is where `lifa user add` reads a password not given as
// a flag: a terminal (read without echo) or the first line of in.
type passwordSource struct {
	in         io.Reader
	terminal   func() bool
	readHidden func() ([]byte, error)
}

// read returns the password: asked twice on a terminal (prompts on
// stderr), else the first line of input.
func (p passwordSource) read(stderr io.Writer) (string, error) {
	if p.terminal == nil || !p.terminal() {
		line, err := bufio.NewReader(p.in).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("读取密码: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(stderr, prompt)
		b, err := p.readHidden()
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("读取密码: %w", err)
		}
		return string(b), nil
	}
	first, err := ask("密码（至少 8 位，输入时不显示）：")
	if err != nil {
		return "", err
	}
	again, err := ask("再次输入密码：")
	if err != nil {
		return "", err
	}
	if first != again {
		return "", errors.New("两次输入的密码不一致")
	}
	return first, nil
}

// userUsage is the help of `lifa user`.
const userUsage = `用法: lifa user <子命令> [参数]
子命令:
  add            新增用户：lifa user add --role staff|admin|member|liaison [--contact-point 编号或名称] [--display-name 姓名] [--password 密码] 用户名
  list           列出用户和基层立法联系点
  contact-point  新增基层立法联系点：lifa user contact-point [--region 所在区、街道] [--address 地址] 名称
设立联系点联络员：先 lifa user contact-point 新增联系点，再 lifa user add --role liaison --contact-point 联系点名称 用户名。
不给 --password 时，在终端上提示输入两次（不显示）；从管道读取第一行。
运行 lifa user <子命令> -h 查看该子命令的参数。`

func runUserWith(args []string, pw passwordSource, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, userUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "-h", "--help", "-help", "help":
		fmt.Fprintln(stderr, userUsage)
		return 0
	case "add", "list", "contact-point":
	default:
		fmt.Fprintf(stderr, "lifa user: 未知子命令 %q\n%s\n", sub, userUsage)
		return 2
	}
	fs := newFlagSet("user "+sub, stderr)
	data := fs.String("data", envOr("LIFA_DATA", "./lifa-data"), "数据目录（LIFA_DATA）")
	db := fs.String("db", envOr("LIFA_DB", ""), "PostgreSQL 连接串（LIFA_DB）")
	var role, display, password, region, address, cp string
	switch sub {
	case "add":
		fs.StringVar(&role, "role", "", "角色：admin（管理员）、staff（工作人员）、member（委员、代表）、liaison（联系点联络员）")
		fs.StringVar(&cp, "contact-point", "", "联络员所属的基层立法联系点：编号或名称（lifa user contact-point 创建，lifa user list 列出）")
		fs.StringVar(&display, "display-name", "", "姓名（页面上显示），默认同用户名")
		fs.StringVar(&password, "password", "", "密码；不给出时在终端上提示输入（不显示），或从标准输入读取一行")
		fs.Usage = usageOf(fs, stderr, "lifa user add --role staff|admin|member|liaison [--contact-point 编号或名称] [--password P] 用户名")
	case "list":
		fs.Usage = usageOf(fs, stderr, "lifa user list")
	case "contact-point":
		fs.StringVar(&region, "region", "", "所在区、街道")
		fs.StringVar(&address, "address", "", "地址")
		fs.Usage = usageOf(fs, stderr, "lifa user contact-point [--region 白云区] [--address 地址] 联系点名称")
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if sub != "list" && fs.NArg() != 1 {
		return usageError(fs, stderr, "需要且只需要一个名称")
	}
	if sub == "add" {
		if _, err := drafts.ParseRole(role); err != nil {
			return usageError(fs, stderr, drafts.ErrorMessage(err))
		}
		if role == string(drafts.RoleLiaison) && strings.TrimSpace(cp) == "" {
			return usageError(fs, stderr, "联络员须用 --contact-point 指定所属联系点")
		}
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dataStoreDSN(*data, *db))
	if err != nil {
		fmt.Fprintf(stderr, "lifa user: %v\n", err)
		return 1
	}
	defer s.Close()
	accts := accounts.New(s)
	switch sub {
	case "add":
		return userAdd(ctx, accts, pw, fs.Arg(0), role, display, password, cp, stdout, stderr)
	case "list":
		return userList(ctx, accts, s, stdout, stderr)
	}
	c, err := accts.CreateContactPoint(ctx, "lifa user", drafts.ContactPoint{Name: fs.Arg(0), Region: region, Address: address})
	if err != nil {
		fmt.Fprintf(stderr, "lifa user contact-point: %s\n", errorText(err))
		return 1
	}
	fmt.Fprintf(stdout, "已创建基层立法联系点 %s，编号 %d\n", c.Name, c.ID)
	return 0
}

// usageOf is a flag set's usage: the line given, then its flags.
func usageOf(fs *flag.FlagSet, stderr io.Writer, line string) func() {
	return func() {
		fmt.Fprintln(stderr, "用法: "+line)
		fs.PrintDefaults()
	}
}

// userAdd is `lifa user add`.
func userAdd(ctx context.Context, accts *accounts.Service, pw passwordSource, name, role, display, password, cp string,
	stdout, stderr io.Writer) int {
	var cpID int64
	if cp = strings.TrimSpace(cp); cp != "" {
		id, err := contactPointID(ctx, accts, cp)
		if err != nil {
			fmt.Fprintf(stderr, "lifa user add: %s\n", errorText(err))
			return 1
		}
		cpID = id
	}
	if password == "" {
		var err error
		if password, err = pw.read(stderr); err != nil {
			fmt.Fprintf(stderr, "lifa user add: %v\n", err)
			return 1
		}
	}
	a, err := accts.Create(ctx, "lifa user", accounts.NewAccount{Name: name, DisplayName: display,
		Role: drafts.Role(role), ContactPointID: cpID, Password: password})
	if err != nil {
		fmt.Fprintf(stderr, "lifa user add: %s\n", errorText(err))
		return 1
	}
	fmt.Fprintf(stdout, "已创建用户 %s（%s），编号 %d\n", a.Name, a.Role.Label(), a.ID)
	return 0
}

// contactPointID finds a contact point by its number or its name.
func contactPointID(ctx context.Context, accts *accounts.Service, ref string) (int64, error) {
	cps, err := accts.ContactPoints(ctx)
	if err != nil {
		return 0, err
	}
	id, numErr := strconv.ParseInt(ref, 10, 64)
	for _, c := range cps {
		if c.Name == ref || (numErr == nil && c.ID == id) {
			return c.ID, nil
		}
	}
	return 0, drafts.Errorf(drafts.EINVALID, "没有联系点“%s”（lifa user list 列出已有的联系点）", ref)
}

// userList is `lifa user list`: the accounts, then the contact points.
func userList(ctx context.Context, accts *accounts.Service, s *store.Store, stdout, stderr io.Writer) int {
	list, err := s.Accounts(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "lifa user list: %s\n", errorText(err))
		return 1
	}
	cps, err := accts.ContactPoints(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "lifa user list: %s\n", errorText(err))
		return 1
	}
	names := map[int64]string{}
	for _, c := range cps {
		names[c.ID] = c.Name
	}
	for _, a := range list {
		state := ""
		if a.ContactPointID != 0 {
			state = "\t" + names[a.ContactPointID]
		}
		if a.Disabled {
			state += "（已停用）"
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s%s\n", a.ID, a.Name, a.Role.Label(), a.DisplayName, state)
	}
	if len(cps) > 0 {
		fmt.Fprintln(stdout, "基层立法联系点：")
		for _, c := range cps {
			fmt.Fprintf(stdout, "%d\t%s\t%s\n", c.ID, c.Name, c.Region)
		}
	}
	return 0
}
