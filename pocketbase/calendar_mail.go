// Mails carrying a calendar (the séance invitations of pb_hooks/seance_mail.pb.js): calendar
// clients, Outlook first, take the attached .ics for an invitation (accept/decline, added to the
// calendar) only when its part's Content-Type names the iTIP method of the calendar inside,
// "text/calendar; method=REQUEST" (RFC 6047 §2.4: the parameter must be present and equal to the
// object's METHOD). PocketBase's SMTP client types each attachment from its first bytes
// ("text/calendar", no parameter) and has no way to be told otherwise, so a message with an .ics
// attachment whose calendar has a METHOD is sent here instead: same SMTP settings, same layout as
// PocketBase's client (tools/mailer/smtp.go, MIT, © Gani Georgiev; mailyak), its calendar parts
// typed "text/calendar; charset=utf-8; method=<METHOD>". Every other message is PocketBase's.
//
// Without Go (`npm start` downloads the official release) this file is absent and the invitation
// goes out as before, its .ics typed "text/calendar" only.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	netmail "net/mail"
	"net/smtp"
	"regexp"
	"strconv"
	"strings"

	"github.com/domodwyer/mailyak/v3"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/security"
)

// registerCalendarMail sends the messages with a calendar attachment (see above).
func registerCalendarMail(app core.App) {
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		client, ok := e.Mailer.(*mailer.SMTPClient)
		if !ok || !hasCalendarAttachment(e.Message) {
			return e.Next()
		}
		return sendWithCalendarTypes(client, e.Message)
	})
}

func hasCalendarAttachment(m *mailer.Message) bool {
	for name := range m.Attachments {
		if strings.HasSuffix(strings.ToLower(name), ".ics") {
			return true
		}
	}
	return false
}

// iTIP methods (RFC 5546 §1.4): a token, written as such in the Content-Type parameter.
var itipMethod = regexp.MustCompile(`^[A-Z][A-Z-]*$`)

// calendarMethod is the METHOD of an iCalendar object ("" when it has none): the property of the
// VCALENDAR, before its first component.
func calendarMethod(ics []byte) string {
	scanner := bufio.NewScanner(bytes.NewReader(ics))
	for scanner.Scan() {
		line := strings.TrimRight(scanner.Text(), "\r")
		upper := strings.ToUpper(line)
		if strings.HasPrefix(upper, "BEGIN:") && upper != "BEGIN:VCALENDAR" {
			return ""
		}
		if value, found := strings.CutPrefix(upper, "METHOD:"); found && itipMethod.MatchString(value) {
			return value
		}
	}
	return ""
}

// calendarContentType is the Content-Type of an .ics part: with its method when it has one.
func calendarContentType(ics []byte) string {
	params := map[string]string{"charset": "utf-8"}
	if method := calendarMethod(ics); method != "" {
		params["method"] = method
	}
	return mime.FormatMediaType("text/calendar", params)
}

// sendWithCalendarTypes is PocketBase's SMTPClient.send, the .ics attachments typed with their
// method (the message always has a plain text part here: the hook writes one).
func sendWithCalendarTypes(c *mailer.SMTPClient, m *mailer.Message) error {
	var auth smtp.Auth
	if c.Username != "" || c.Password != "" {
		switch c.AuthMethod {
		case mailer.SMTPAuthLogin:
			auth = &loginAuth{c.Username, c.Password}
		default:
			auth = smtp.PlainAuth("", c.Username, c.Password, c.Host)
		}
	}
	hostWithPort := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	var yak *mailyak.MailYak
	if c.TLS {
		var err error
		if yak, err = mailyak.NewWithTLS(hostWithPort, auth, nil); err != nil {
			return err
		}
	} else {
		yak = mailyak.New(hostWithPort, auth)
	}
	if c.LocalName != "" {
		yak.LocalName(c.LocalName)
	}
	if m.From.Name != "" {
		yak.FromName(m.From.Name)
	}
	yak.From(m.From.Address)
	yak.Subject(m.Subject)
	yak.HTML().Set(m.HTML)
	yak.Plain().Set(m.Text)
	if len(m.To) > 0 {
		yak.To(addresses(m.To)...)
	}
	if len(m.Bcc) > 0 {
		yak.Bcc(addresses(m.Bcc)...)
	}
	if len(m.Cc) > 0 {
		yak.Cc(addresses(m.Cc)...)
	}
	for name, data := range m.Attachments {
		content, err := io.ReadAll(data)
		if err != nil {
			return err
		}
		if strings.HasSuffix(strings.ToLower(name), ".ics") {
			yak.AttachWithMimeType(name, bytes.NewReader(content), calendarContentType(content))
		} else {
			yak.Attach(name, bytes.NewReader(content))
		}
	}
	if len(m.InlineAttachments) > 0 {
		return errors.New("calendar mail: inline attachments are not supported")
	}
	hasMessageID := false
	for k, v := range m.Headers {
		hasMessageID = hasMessageID || strings.EqualFold(k, "Message-ID")
		yak.AddHeader(k, v)
	}
	if !hasMessageID {
		if parts := strings.Split(m.From.Address, "@"); len(parts) == 2 {
			yak.AddHeader("Message-ID", fmt.Sprintf("<%s@%s>", security.PseudorandomString(15), parts[1]))
		}
	}
	return yak.Send()
}

// addresses in RFC 5322 form, with their names (as PocketBase's client writes them).
func addresses(list []netmail.Address) []string {
	result := make([]string, len(list))
	for i, address := range list {
		if address.Name != "" {
			result[i] = address.String()
		} else {
			result[i] = address.Address
		}
	}
	return result
}

// loginAuth is PocketBase's AUTH LOGIN (unexported there): credentials only over TLS or to
// localhost.
type loginAuth struct {
	username, password string
}

func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLocalhost(server.Name) {
		return "", nil, errors.New("unencrypted connection")
	}
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if more {
		switch strings.ToLower(string(fromServer)) {
		case "username:":
			return []byte(a.username), nil
		case "password:":
			return []byte(a.password), nil
		}
	}
	return nil, nil
}

func isLocalhost(name string) bool {
	return name == "localhost" || name == "127.0.0.1" || name == "::1"
}
