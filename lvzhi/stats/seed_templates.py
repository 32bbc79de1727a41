# ruff: noqa: E501  (the bodies are prose, one paragraph a line)
"""The two highlight summaries (lvzhi/stats/tests/seed/highlights.txt) as summary templates: the seed text with every
figure of the seed list (lvzhi/stats/tests/seed/seed-figures.md; docs/figures.md) replaced by a placeholder (its note names the figure's number there).
Each placeholder names the key the owning module registers (see each module's SEED_FIGURES); a key
that no module registers comes out as 【缺：note】, never as a number. Where the seed names things the
records hold (the places of the investment visits, the partner committees, the universities of the
trainings, the volumes published), a names placeholder writes them from the records."""

WUWEI_TITLE = "凝心聚力促发展 团结奋斗启新程"
WUWEI_SUBTITLE = "——政协武威市委员会亮点工作综述"
WUWEI_BODY = """\
近年来，武威市政协深入学习贯彻党的二十大和二十届二中、三中全会精神，认真贯彻落实习近平总书记关于加强和改进人民政协工作的重要思想，集政协之智、倾政协之力、尽政协之责，以高水平履职服务高质量发展，为奋力谱写中国式现代化武威实践新篇章贡献智慧力量。

# 筑牢政治底色，把准正确方向，在思想政治引领上体现更高站位

理论学习凝心铸魂。严格落实“第一议题”制度，以多种学习形式团结引领全市广大政协委员以党的创新理论滋养初心，深刻领悟“两个确立”的决定性意义，进一步夯实增强“四个意识”、坚定“四个自信”、做到“两个维护”的思想根基。

政治建设统领全局。坚持党对政协工作的全面领导，严格执行请示报告制度，确保政协工作始终与党委中心工作同心同向、同频共振。认真落实全面从严治党、意识形态工作和党风廉政建设责任制，发挥政协党组在强引领、促履职、聚共识、带队伍等方面的重要作用。健全机关党组牵头抓总、机关党委履行专责、党支部具体落实工作机制，优化调整设置党支部{{ figure:org.party_branches | period=current | note=W1 党支部 }}个、党小组{{ figure:org.party_groups | period=current | note=W2 党小组 }}个。

政治引领务实有效。坚持把凝聚共识融入调研视察、协商议政、提案办理、学习培训、交流联谊等履职活动中，建立健全谈心谈话、走访联系、情况通报、教育宣传等制度，加强沟通、交流思想、回应关切、强化引导，通过制度运行、民主程序和有效工作，切实把党的主张转化为社会各界的思想共识。

# 彰显协商特色，深耕主责主业，在服务高质量发展上展现更强担当

聚焦中心工作深入协商议政。紧扣建设“两区两地”目标定位，重点围绕产业转型升级、生态文明建设、激发文旅活力等，开展多层次、多形式、多领域专题协商，累计形成协商成果{{ figure:activities.outcomes | period=term | note=W3 协商成果 }}篇。

聚焦助推落实强化民主监督。坚持协商式监督的定位，持续开展监督性调研视察活动。联合市中级人民法院推进诉源治理，2024年以来共有{{ figure:supervision.mediators | scope=tree | period=since:2024-01-01 | note=W4 参与诉前调解的政协委员 }}名政协委员参与诉前调解，调结案件{{ figure:supervision.mediation_concluded | scope=tree | period=since:2024-01-01 | note=W5 调结案件 }}件，调解成功{{ figure:supervision.mediation_successful | scope=tree | period=since:2024-01-01 | note=W6 调解成功 }}件。构建新时代公益保护“政协+检察”协同监督新模式，全市检察机关通过梳理政协提案和社情民意信息发现公益诉讼案件线索{{ figure:supervision.clues | scope=tree | period=term | note=W7 公益诉讼案件线索 }}条，立案办理公益诉讼案件{{ figure:supervision.clues_filed | scope=tree | period=term | note=W8 立案办理公益诉讼案件 }}件，制发检察建议{{ figure:supervision.clue_suggestions | scope=tree | period=term | note=W9 检察建议 }}件。

聚焦服务发展主动担当作为。探索建立政协助力经济社会高质量发展、招商引资走深走实、营商环境提质增效等{{ figure:regulations.mechanisms | period=current | note=W10 工作机制 }}项工作机制，以协商有方、监督有力、参政有为的实际行动助力高质量发展。强化“招商也是履职”理念，制定实施《助力招商引资走深走实工作方案》，发出《集智集策助力招商引资倡议书》，先后赴{{ names:supervision.investment_visits | period=term | top=3 | note=招商考察地 }}等省市开展招商引资。市县区政协共签约引进项目{{ figure:supervision.projects | scope=tree | period=term | note=W11 签约引进项目 }}个，总投资{{ figure:supervision.project_investment | scope=tree | period=term | digits=2 | note=W12 总投资 }}亿元。落实领导干部包抓联企业责任，常态化联系服务企业，协调解决问题{{ figure:supervision.problems_solved | period=term | note=W13 包抓联企业协调解决问题 }}个。

# 打造履职亮色，不断守正创新，在履职为民实践上增添更实举措

健全社情民意汇集机制。制定《关于进一步加强和改进社情民意调查征集工作的意见（试行）》，建立社情民意信息征集、编辑、报送、跟踪、反馈闭环运行机制。今年以来，向市委及市级相关部门报送社情民意信息{{ figure:opinions.sent_local | period=year | note=W14 报送社情民意信息 }}条，推动相关问题及时有效解决，以“小信息”服务“大民生”。

健全委员联系界别群众机制。建成“委员工作室”{{ figure:org.studios | scope=tree | period=current | note=W15 委员工作室 }}个（市级{{ figure:org.studios | period=current | note=W15 市级委员工作室 }}个、县区{{ figure:org.studios | scope=lower | period=current | note=W15 县区委员工作室 }}个），委员以界别为纽带，开展送医、送教、送文化、法律咨询等联系服务界别群众活动{{ figure:activities.studio_service | scope=tree | period=term | note=W16 联系服务界别群众活动 }}次，帮办实事{{ figure:supervision.matters_done | scope=tree | period=term | note=W17 帮办实事 }}件。

健全政协协商与基层协商有效衔接工作机制。市、县区政协充分发挥牵头指导作用，组织在武省政协委员和市县区政协委员下沉基层参与履职实践，把履职作业写在基层大地和民生一线，累计开展协商议事活动{{ figure:activities.grassroots | scope=tree | period=cumulative | round=万 | note=W18 协商议事活动 }}场次、解决问题{{ figure:supervision.service_problems | scope=tree | period=cumulative | round=万 | note=W19 解决问题 }}件，打造了一批基层协商民主武威品牌，有效激发社会治理活力。

# 发挥统战本色，着力团结奋斗，在广聚共识合力上发挥更大作用

团结联谊凝聚共识。以政协会议为平台、调研视察为载体、界别活动为纽带，支持市级各民主党派、工商联和无党派人士在政协履行职能，发挥作用。落实主席会议成员联系重要代表人士、谈心谈话等制度，密切同党外知识分子、非公有制经济人士、新的社会阶层人士的联系联谊。走访联系民族和宗教界委员，开展“看新貌话成就聚合力促发展”主题活动，带动广大信教群众铸牢中华民族共同体意识。

工作联动广聚合力。借助全国政协、省政协来武开展调研视察之机，主动争取工作支持。同{{ names:supervision.partner_committees | period=current | top=5 | note=友好（联动）政协 }}建立友好政协或联动联谊联席机制，共同呼吁国家在政策资金等方面支持西北地区生态环境保护。加强与外省市政协交流协作，扩大“朋友圈”。强化对县区政协工作的联系指导，重要活动由市县区政协联动开展，释放工作合力。

文史宣传传播共识。组织文史专家深入挖掘和整理具有地方特色的地域文化资源，编辑出版{{ names:wenshi.volumes | period=term | quote=《》 | note=出版的文史资料 }}。深入挖掘凉州文化特色特质，擦亮凉州文化名片。市政协文史馆筹建工作有序推进，协调市图书馆设立政协文史资料专区，与外省市政协互赠文史资料，扩大武威政协文史资料的社会影响。

# 锻造自身成色，厚植履职基础，在提升履职质效上实现更大突破

优化委员服务管理。坚持优化服务与加强管理并重、正向激励和刚性约束并行。与{{ names:activities.training_partners | period=term | top=2 | note=联合办班的高校 }}等{{ figure:activities.training_partners | period=term | note=W20 联合办班的知名高校 }}所知名高校联合办班，着力提升委员履职能力。动态管理委员履职档案，实行政协常委、委员年度述职考核机制常态化，激励委员写好“委员作业”、发挥主体作用。

推进政协制度化、规范化、程序化等功能建设。与时俱进对历年来形成的各项制度再审视、再完善，推进政协制度“立、改、废”，修订制度{{ figure:regulations.revised | period=term | note=W21 修订制度 }}项，确保把政协工作各方面、各环节纳入规范化运行轨道。

加强机关自身建设。坚决贯彻执行中央八项规定及其实施细则和省委、市委实施办法精神，树立“过紧日子”思想，落细落实整治形式主义为基层减负的各项措施。树立重实干的鲜明导向，注重干部日常教育管理监督。建设融学习教育、履职活动、信息反馈、服务管理于一体的综合履职应用平台，以数字化建设赋能政协工作提质增效。深化“书香政协”建设，开展文化讲座、读书沙龙、阅读分享、书画笔会等活动，丰富委员、干部文化生活，营造浓厚的政协文化氛围。

站在新的历史起点上，市政协将在中共武威市委的坚强领导下，广泛凝心聚力，积极建言资政，为扎实推进中国式现代化武威实践汇聚磅礴力量。
"""

PINGLIANG_TITLE = "履职尽责担使命 奋发进取展作为"
PINGLIANG_SUBTITLE = "——政协平凉市委员会亮点工作综述"
P1 = "{{ figure:org.years_of_service | period=current | round=中文 | note=P1 履职历程 }}"
PINGLIANG_BODY = """\
春华秋实，驻足回望，硕果盈枝满庭芳，弦歌不辍谱华章。

政协平凉市委员会成立于2002年11月，前身为政协甘肃省委员会平凉地区工作委员会，履职历程已有{{ figure:org.years_of_service | period=current | note=P1 履职历程 }}年。

P1年的砥砺奋进、实干担当，市政协在平凉大地上绘就了一副笃行不倦、履职尽责的壮丽画卷。

P1年的栉风沐雨、同心筑梦，市政协在团结民主中谱写了一曲聚同化异、广聚共识的铿锵乐章。

P1年的奋楫前行、守正创新，市政协在广大群众中汇聚了一股同心向党、共促发展的磅礴力量。

P1年来，平凉市政协团结带领全市政协委员和各界群众，在助力发展的第一线提出一份份务实精准的建言，在服务民生的最前线涌现一个个躬身笃行的身影，在协商议政的主战场开展一次次创新发展的实践。

# 讲政治、铭初心，始终坚持正确履职方向

人民政协是政治组织，鲜明的政治属性决定了政协组织必须旗帜鲜明讲政治。

——坚持党的领导，恪守政治原则。始终把党的领导贯穿到政协全部工作之中，全面贯彻中央决策部署和省委、市委工作要求，主动向市委请示重大事项、报告重点工作、反映重要情况，自觉在市委领导下履行职能、开展工作。

——深化理论武装，夯实思想根基。始终坚持“第一议题”制度，不断完善学习制度体系，广泛、多层、常态化做好习近平新时代中国特色社会主义思想的深化内化转化工作。五届市政协以来，先后组织开展了党的二十大、二十届三中全会专题学习{{ figure:activities.study_topical | period=term | note=P2 专题学习 }}次，学习贯彻习近平新时代中国特色社会主义思想主题教育、党纪学习教育专题学习研讨{{ figure:activities.study_seminars | period=term | note=P3 专题学习研讨 }}次，累计召开党组理论学习中心组学习会议{{ figure:activities.study_group | period=term | note=P4 党组理论学习中心组学习会议 }}次，常委会会议、主席会议组织专题学习{{ figure:activities.study_first_topic | period=term | note=P5 常委会会议、主席会议组织专题学习 }}次。

——抓实政协党建，强化教育引领。市政协党组充分发挥把方向、管大局、保落实的领导作用，认真落实党组成员联系党员委员、党员委员联系党外委员等制度，纵深推进政协党的建设“两个全覆盖”。在党员委员参加双重组织生活和党员常委履职建言点评上积极创新，探索在乡镇（街道）建立委员履职党支部或党员委员活动小组，引导党员委员当好先锋模范，带动全体委员切实履职尽责。

# 敢担当、善作为，倾力服务全市中心大局

“坚持围绕中心、服务大局，始终紧贴市委、市政府重大工作部署谋划推动政协工作，做到市委工作部署到哪里，政协履职就跟进到那里”。

——敢站前台、善作善成，参与中心工作。主席会议成员积极参与市级议事协调机构工作，主动在全市中心工作中抓协调、提建议、促落实，协调落实乡村振兴帮扶资金{{ figure:supervision.rural_funds | period=term | round=余 | note=P6 乡村振兴帮扶资金 }}万元；督导建成创城宣传示范点{{ figure:supervision.civilised_city_points | period=term | note=P7 创城宣传示范点 }}处；开展招商考察{{ figure:supervision.investment_visits | period=term | note=P8 招商考察 }}批次，对接产业链重点企业{{ figure:supervision.visit_enterprises | period=term | note=P9 对接产业链重点企业 }}户，招引项目{{ figure:supervision.projects | period=term | note=P10 招引项目 }}项，促成一批项目落地平凉。

——抓主抓重、精准发力，认真协商议政。围绕“三区一城市”建设、培育九大重点产业链、推进乡村振兴等重点任务，组织召开常委会协商、界别协商和双月协商{{ figure:activities.consultations | period=term | note=P11 常委会协商、界别协商和双月协商 }}次，提出对策建议{{ figure:activities.consultation_suggestions | period=term | round=余 | note=P12 对策建议 }}条。深入推进政协协商向基层延伸工作，组织委员开展基层协商{{ figure:activities.grassroots | scope=tree | period=term | note=P13 基层协商 }}次，宣讲政策{{ figure:activities.briefings | scope=tree | period=term | note=P14 宣讲政策 }}场次，帮办实事{{ figure:supervision.matters_done | scope=tree | period=term | note=P15 帮办实事 }}件。

——紧盯堵点、聚焦难点，扎实开展监督。围绕“全市九大重点产业链建设”“全国文明城市创建”“优化营商环境”等重点工作，开展监督性调研视察活动{{ figure:activities.supervisory_inspections | period=term | note=P16 监督性调研视察活动 }}次。以党政领导督办重点提案为引领，协调办理提案{{ figure:proposals.handled | period=term | note=P17 协调办理提案 }}件、现场督办{{ figure:proposals.onsite | period=term | note=P18 现场督办 }}件。推荐委员担任特邀监督员、评议员{{ figure:supervision.supervisor_posts | period=term | note=P19 特邀监督员、评议员 }}人次。

——改善民计、服务民生，拿出务实举措。围绕“促进高校毕业生就业”“中医适宜技术推广应用”等课题，组织委员开展调研协商，提出意见建议{{ figure:activities.research_suggestions | period=term | round=余 | note=P20 调研协商意见建议 }}条。积极反映群众关注的热点难点问题，报送意见建议{{ figure:opinions.sent | period=term | round=余 | note=P21 报送意见建议 }}条。组织引导政协委员积极参与爱心帮扶、义诊服务、捐资助学、文艺下乡等活动，在促进民生改善、增进群众福祉中充分发挥了政协委员的独特作用。

# 聚共识、汇合力，全力画出最大同心圆

人民政协因团结而生、靠团结而兴。市政协充分发挥统一战线组织的独特优势，坚持唱响主旋律、传递好声音、画出同心圆，最大限度汇聚助推平凉高质量发展的强大合力。

——固守圆心筑同心。积极搭建合作平台，加强政治引领，组织引导各民主党派、人民团体、无党派人士参加政协各类会议活动{{ figure:activities.party_attendance | period=term | round=多 | note=P22 参加政协各类会议活动 }}人（次），提交提案{{ figure:proposals.by_organisation | period=term | note=P23 民主党派等提交提案 }}件、会议发言及社情民意信息{{ figure:activities.party_speeches + opinions.party_reports | period=term | note=P24 会议发言及社情民意信息 }}篇，推荐{{ figure:supervision.party_reviewers | period=term | note=P25 推荐参与项目论证等的民主党派委员 }}名民主党派中的政协委员参与项目论证、案件庭审、规划评审、考试监督等活动。

——团结联谊聚人心。不断完善政协教育引导委员、委员引导界别群众的工作链条，加强与党外知识分子、非公有制经济人士、新的社会阶层人士沟通联系，促进政党关系、民族关系、宗教关系、阶层关系的和谐。制定文史资料征编工作五年计划，召开全市政协文史资料工作座谈会，完成{{ names:wenshi.volumes | period=term | quote=《》 | top=1 | note=出版的文史资料 }}出版和《史志平凉资料辑录》编辑工作。

——联系群众心连心。以开展“千站千室万名委员”联系服务界别群众行动为抓手，扎实推进委员工作站（室）扩面提质，充分发挥政协基层协商平台作用，进一步拓宽了委员联系界别群众的渠道载体，提升了政协协商向基层延伸工作质效。目前，全市政协组织共建立委员工作室{{ figure:org.studios | scope=tree | period=current | note=P26 委员工作室 }}个，开展各类委员学习交流活动{{ figure:activities.studio | scope=tree | period=term | round=近 | note=P27 委员学习交流活动 }}次，联系界别群众{{ figure:activities.people_reached | scope=tree | period=term | round=余 | note=P28 联系界别群众 }}人次。

# 强基础、固根本，着力提升政协履职能力

市政协从最基础、最根本的制度、机构、队伍建设入手，积极探索、创新方式，全力把专门协商机构做真做实，确保“专”出特色、“专”出质量、“专”出水平。

——以制度机制建设为基。建立完善常委会工作规则、提案工作条例、调研视察活动和专题协商会议实施办法、委员履职工作规则等一系列制度，形成了比较完备的政协组织和政协委员履职规范。

——以专委会建设为引。不断改进调查研究方法，丰富专委会工作内容，对专委会日常履职提出激发“干”的热情、体现“专”的特色、发挥“特”的优势的要求，促使专委会在政协工作中的基础性作用得到有效发挥。

——以委员队伍建设为本。先后举办新一届全体委员培训班和委员履职能力提升培训班{{ figure:activities.trainings | period=term | note=P29 委员培训班 }}期，培训委员{{ figure:activities.training_attendance | period=term | note=P30 培训委员 }}人次。修订委员履职工作规则，坚持和完善常委年度述职、委员“八个一”履职等措施，进一步加强委员履职管理，优化服务保障。深入推进“书香政协”建设，成立“委员之家”，举办全市政协书画作品展和读书分享会{{ figure:activities.reading_events | period=term | note=P31 书画作品展和读书分享会 }}次，开展主席荐书、读书心得交流等活动{{ figure:activities.reading_exchanges | period=term | note=P32 主席荐书、读书心得交流等活动 }}场次。

回望来时路，我们初心如磐、砥砺前行，踏上新征程，我们任重道远、大有可为。市政协将认真贯彻落实习近平总书记关于加强和改进人民政协工作的重要思想，凝心聚力促发展、乘势而上谱新篇，为加快建设“三区一城市”、推动平凉经济社会高质量发展作出新的更大贡献！
""".replace("\nP1年", "\n" + P1 + "年")

TEMPLATES = [
    ("620600", "wuwei-highlights", WUWEI_TITLE, WUWEI_SUBTITLE, WUWEI_BODY),
    ("620800", "pingliang-highlights", PINGLIANG_TITLE, PINGLIANG_SUBTITLE, PINGLIANG_BODY),
]
