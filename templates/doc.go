// Package templates holds Sepakat's built-in templates of a Kesepakatan
// Bersama (KB) and a Perjanjian Kerja Sama (PKS) and fills them with the
// data of one cooperation to make a first draft.
//
// A template is a .docx whose text carries placeholders written as
// {{UPPER_SNAKE}}, e.g. {{PIHAK_KESATU_NAMA}}. [Fill] first normalises the
// runs of the main document part so that every placeholder sits in one
// w:t element (Word often splits typed text over several runs), checks
// that every placeholder is known and has data, and then replaces them.
// [Validate] checks an administrator's replacement template the same way.
//
// The words helpers ([Terbilang], [Rupiah], [Term], [SpelledDate]) write
// numbers, amounts, periods and dates as Indonesian agreements spell them.
//
// This is the only package that imports github.com/nguyenthenguyen/docx.
package templates
