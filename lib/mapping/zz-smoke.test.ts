import { test } from "vitest";
import { evaluateExpression } from "./evaluate";
test("smoke", () => {
  const src = { userPrincipalName: "John.Doe@contoso.com", givenName: "John", surname: "Doe", mail: null, telephoneNumber: "", mobile: "+91 8887779999" };
  for (const e of [
    'Append([userPrincipalName], ".test")', 'BitAnd(&HF, &HF7)', 'CDate("2020-03-16-07:00")', 'CDate("2021-06-30+08:00")',
    'ConvertToBase64("Hello world!")', 'ConvertToUTF8Hex("Hello world!")', 'DateAdd("m", 10, CDate("2012-03-16-07:00"))',
    'DateDiff("d", CDate("8/25/2021 5:41:18 PM"), CDate("2012-03-16-07:00"))', 'DateDiff("ww", CDate("8/25/2021 5:41:18 PM"), CDate("2012-03-16-07:00"))',
    'DateFromNum(129699324000000000)', 'FormatDateTime("20150123105347.1Z", , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
    'InStr("repEated","e",3,vbBinaryCompare)', 'PCase("PABLO GONSALVES (SECOND)")', 'PCase("PINTO-DE\'SILVA"," \'-")',
    'Replace("+91 9998887777", , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
    'Replace("545 Tremont Street", ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )',
    'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
    'Word("This,string!has&many separators",3,",!&#")', 'Join(", ", "", [surname], [givenName])', 'NormalizeDiacritics("Zoë Ærø Łódź")',
    'NumFromDate(Join("", FormatDateTime("2020-12-31-08:00", ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
    'RandomString(10,2,2,2,1,"?,")', 'Guid()', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', 'Not([IsSoftDeleted])',
  ]) console.log(e, "=>", JSON.stringify(evaluateExpression(e, { source: src, isSoftDeleted: false })));
});
