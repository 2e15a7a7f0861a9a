// The one way this project imports exceljs: after the UTF-8 fix for its streaming reader.
import "./exceljs-utf8.ts";
import ExcelJS from "exceljs";

export default ExcelJS;
