/*
 * text/dates.c: dates and datelines: 2023年12月29日, 2023-12-29, full-width digits,
 * 二〇二四年六月二十八日, and an e-paper's page line (第00003版, 浙江日报 … 星期四).
 * Mastheads, signatures and dated leads read them.
 */
#include <string.h>
#include "rules.h"

/* Page furniture of an e-paper: 2024年03月15日 星期五, 第00003版：要闻. */
bool
jb_text_dateline(const char *s, size_t len)
{
	int y, m, d;
	size_t i = 0;

	/* 第00003版, 第A01版: a page number may carry the section's letter. */
	if (len >= 5 && memcmp(s, "第", 3) == 0 && (g_ascii_isdigit(s[3])
	    || (g_ascii_isupper(s[3]) && g_ascii_isdigit(s[4])))) {
		i = 4;
		while (i < len && (g_ascii_isdigit(s[i]) || s[i] == ' '))
			i++;
		if (len - i >= 3 && memcmp(s + i, "版", 3) == 0)
			return true;
	}
	/* 浙江日报 2024年4月18日 星期四: the paper's name may stand before the date. */
	return (jb_text_letters(s, len) <= 16 || (jb_text_letters(s, len) <= 26
	    && g_strstr_len(s, (gssize)len, "星期"))) && jb_text_date(s, len, &y, &m, &d);
}

/* A digit's value, ASCII or full width (２０２４, as word processors print it); -1 if none. */
int
jb_digit(gunichar c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

/* A Chinese numeral's value: 〇 零 一 … 九, -1 for any other character. */
static int
cn_digit(gunichar c)
{
	switch (c) {
	case 0x3007: case 0x96F6: return 0;	/* 〇 零 */
	case 0x4E00: return 1;
	case 0x4E8C: return 2;
	case 0x4E09: return 3;
	case 0x56DB: return 4;
	case 0x4E94: return 5;
	case 0x516D: return 6;
	case 0x4E03: return 7;
	case 0x516B: return 8;
	case 0x4E5D: return 9;
	default: return -1;
	}
}

/* 二〇二四年六月二十八日: the year digit by digit, month and day with 十. */
static bool
cn_date(const char *s, size_t len, int *y, int *m, int *d)
{
	int v[3] = { 0, 0, 0 }, n[3] = { 0, 0, 0 }, k = 0, unit = -1;
	static const gunichar ends[3] = { 0x5E74, 0x6708, 0x65E5 };	/* 年 月 日 */
	size_t i = 0;

	while (i < len && k < 3) {
		gunichar c = jb_char_at(s, len, &i);
		int dv = cn_digit(c);

		if (jb_is_space(c) && n[k] == 0)
			continue;
		if (dv >= 0 && k == 0)
			v[0] = v[0] * 10 + dv;
		else if (dv >= 0)
			unit = unit < 0 ? dv : unit * 10 + dv;
		else if (c == 0x5341 && k > 0) {	/* 十 */
			v[k] += (unit < 0 ? 1 : unit) * 10;
			unit = -1;
		} else if (c == ends[k] || (k == 2 && c == 0x53F7)) {	/* 号 */
			if (k > 0 && unit >= 0)
				v[k] += unit;
			unit = -1;
			if (++k == 3)
				break;
			continue;
		} else
			return false;
		n[k]++;
	}
	if (k < 3 || n[0] != 4 || v[0] < 1900 || v[0] > 2200 || v[1] < 1 || v[1] > 12 || v[2] < 1
	    || v[2] > 31)
		return false;
	*y = v[0];
	*m = v[1];
	*d = v[2];
	return true;
}

/* 2023 年 12 月 29 日, 2023年12月29日, 2023-12-29, 二〇二四年六月二十八日. */
bool
jb_text_date(const char *s, size_t len, int *y, int *m, int *d)
{
	int v[3] = { 0, 0, 0 }, k = 0, digits = 0;
	size_t i = 0;

	{
		size_t j = 0, t = 0;

		while (j < len && jb_is_space(jb_char_at(s, len, &t)))
			j = t;
		if (j < len && cn_digit(g_utf8_get_char(s + j)) >= 0)
			return cn_date(s + j, len - j, y, m, d);
	}

	while (i < len && k < 3) {
		gunichar c = jb_char_at(s, len, &i);
		if (jb_digit(c) >= 0) {
			v[k] = v[k] * 10 + jb_digit(c);
			if (++digits > 4)
				return false;
		} else if (jb_is_space(c)) {
			continue;
		} else if (digits > 0 && (c == 0x5E74 || c == 0x6708 || c == 0x65E5 || c == '-'
		    || c == '.' || c == '/')) {
			k++;
			digits = 0;
		} else if (digits > 0 || k > 0) {
			return false;
		}
	}
	if (k == 2 && digits > 0)
		k = 3;
	if (k < 3 || v[0] < 1900 || v[0] > 2200 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return false;
	*y = v[0];
	*m = v[1];
	*d = v[2];
	return true;
}
