<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ur">
<!-- Urdu for the Qt strings advisor-app shows (Qt ships no qtbase_ur). Needs review by a native Urdu speaker. -->
<context><name>QPlatformTheme</name>
<message><source>OK</source><translation>ٹھیک ہے</translation></message>
<message><source>Save</source><translation>محفوظ کریں</translation></message>
<message><source>Save All</source><translation>سب محفوظ کریں</translation></message>
<message><source>Open</source><translation>کھولیں</translation></message>
<message><source>&amp;Yes</source><translation>&amp;ہاں</translation></message>
<message><source>Yes to &amp;All</source><translation>سب کے لیے &amp;ہاں</translation></message>
<message><source>&amp;No</source><translation>&amp;نہیں</translation></message>
<message><source>N&amp;o to All</source><translation>سب کے لیے &amp;نہیں</translation></message>
<message><source>Abort</source><translation>روکیں</translation></message>
<message><source>Retry</source><translation>دوبارہ کوشش</translation></message>
<message><source>Ignore</source><translation>نظر انداز کریں</translation></message>
<message><source>Close</source><translation>بند کریں</translation></message>
<message><source>Cancel</source><translation>منسوخ کریں</translation></message>
<message><source>Discard</source><translation>چھوڑ دیں</translation></message>
<message><source>Help</source><translation>مدد</translation></message>
<message><source>Apply</source><translation>لاگو کریں</translation></message>
<message><source>Reset</source><translation>دوبارہ ترتیب</translation></message>
<message><source>Restore Defaults</source><translation>پہلی ترتیب بحال کریں</translation></message>
<message><source>Don't Save</source><translation>محفوظ نہ کریں</translation></message>
<message><source>Close without Saving</source><translation>محفوظ کیے بغیر بند کریں</translation></message>
</context>
<context><name>QLineEdit</name>
<message><source>&amp;Undo</source><translation>&amp;واپس کریں</translation></message>
<message><source>&amp;Redo</source><translation>&amp;دوبارہ کریں</translation></message>
<message><source>Cu&amp;t</source><translation>&amp;کاٹیں</translation></message>
<message><source>&amp;Copy</source><translation>&amp;نقل کریں</translation></message>
<message><source>&amp;Paste</source><translation>&amp;چسپاں کریں</translation></message>
<message><source>Delete</source><translation>مٹائیں</translation></message>
<message><source>Select All</source><translation>سب چنیں</translation></message>
</context>
<context><name>QWidgetTextControl</name>
<message><source>&amp;Undo</source><translation>&amp;واپس کریں</translation></message>
<message><source>&amp;Redo</source><translation>&amp;دوبارہ کریں</translation></message>
<message><source>Cu&amp;t</source><translation>&amp;کاٹیں</translation></message>
<message><source>&amp;Copy</source><translation>&amp;نقل کریں</translation></message>
<message><source>Copy &amp;Link Location</source><translation>&amp;لنک کا پتہ نقل کریں</translation></message>
<message><source>&amp;Paste</source><translation>&amp;چسپاں کریں</translation></message>
<message><source>Delete</source><translation>مٹائیں</translation></message>
<message><source>Select All</source><translation>سب چنیں</translation></message>
</context>
<context><name>QFileDialog</name>
<message><source>Look in:</source><translation>یہاں دیکھیں:</translation></message>
<message><source>File &amp;name:</source><translation>فائل کا &amp;نام:</translation></message>
<message><source>Files of type:</source><translation>فائل کی قسم:</translation></message>
<message><source>&amp;Open</source><translation>&amp;کھولیں</translation></message>
<message><source>&amp;Save</source><translation>&amp;محفوظ کریں</translation></message>
<message><source>All Files (*)</source><translation>تمام فائلیں (*)</translation></message>
<message><source>Back</source><translation>واپس</translation></message>
<message><source>Forward</source><translation>آگے</translation></message>
<message><source>Parent Directory</source><translation>اوپر والا فولڈر</translation></message>
<message><source>Create New Folder</source><translation>نیا فولڈر بنائیں</translation></message>
<message><source>List View</source><translation>فہرست</translation></message>
<message><source>Detail View</source><translation>تفصیل</translation></message>
<message><source>Name</source><translation>نام</translation></message>
<message><source>Size</source><translation>سائز</translation></message>
<message><source>Date Modified</source><translation>تبدیلی کی تاریخ</translation></message>
<message><source>Type</source><translation>قسم</translation></message>
<message><source>Open</source><translation>کھولیں</translation></message>
<message><source>Save As</source><translation>اس نام سے محفوظ کریں</translation></message>
<message><source>Directories</source><translation>فولڈر</translation></message>
<message><source>&amp;Choose</source><translation>&amp;چنیں</translation></message>
</context>
</TS>
