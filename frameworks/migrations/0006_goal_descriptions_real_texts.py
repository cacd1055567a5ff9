"""The Plan of Action's goal descriptions 1, 2, 3 and 6 as shipped after the real-text evaluation of issue 13
(docs/benchmarks.md, goal suggestions): an installation that still has the earlier shipped wording gets the new
one; a description a coordinator edited is left as it is."""

from django.db import migrations

DESCRIPTIONS = {
    "1": {
        "old": [
            "Preventing disputes between groups from turning violent. Covers inter-religious and inter-communal dialogue, mediation and negotiation between rival parties, reconciliation after armed conflict, and early warning of rising tensions.",
            "منع تحوّل الخلافات بين الجماعات إلى عنف. يشمل الحوار بين الأديان والمكوّنات، والوساطة والتفاوض بين الأطراف المتنازعة، والمصالحة بعد النزاع المسلح، والإنذار المبكر بتصاعد التوترات."
        ],
        "new": [
            "Preventing disputes between groups from turning violent. Covers inter-religious and inter-communal dialogue, local peace committees, mediation and negotiation between rival parties, reconciliation after armed conflict, and early warning of rising tensions.",
            "منع تحوّل الخلافات بين الجماعات إلى عنف. يشمل الحوار بين الأديان والمكوّنات، ولجان السلام المحلية، والوساطة والتفاوض بين الأطراف المتنازعة، والمصالحة بعد النزاع المسلح، والإنذار المبكر بتصاعد التوترات."
        ]
    },
    "2": {
        "old": [
            "State institutions that are fair, accountable and respect human rights. Covers justice and fair trials, lawful policing and detention, prisons and rehabilitation programmes, access to justice and legal aid, monitoring of abuses, transparency and the fight against corruption.",
            "مؤسسات دولة عادلة وخاضعة للمساءلة تحترم حقوق الإنسان. يشمل القضاء والمحاكمة العادلة، والتوقيف والاحتجاز وفق القانون، والسجون وبرامج إعادة التأهيل، والوصول إلى العدالة والمساعدة القانونية، ورصد الانتهاكات، والشفافية ومكافحة الفساد."
        ],
        "new": [
            "Public institutions that are effective, fair, accountable and respect human rights, at national and local level. Covers national strategies and action plans to prevent violent extremism and the committees that carry them out, coordination between ministries, governorates and districts, training of officials, justice and fair trials, lawful policing and detention, prisons and rehabilitation programmes, access to justice and legal aid, monitoring of abuses, transparency and the fight against corruption.",
            "مؤسسات دولة فاعلة وعادلة وخاضعة للمساءلة تحترم حقوق الإنسان، على المستويين الوطني والمحلي. يشمل الاستراتيجيات وخطط العمل الوطنية لمنع التطرف العنيف واللجان التي تنفّذها، والتنسيق بين الوزارات والمحافظات والأقضية، وتدريب الموظفين الحكوميين، والقضاء والمحاكمة العادلة، والتوقيف والاحتجاز وفق القانون، والسجون وبرامج إعادة التأهيل، والوصول إلى العدالة والمساعدة القانونية، ورصد الانتهاكات، والشفافية ومكافحة الفساد."
        ]
    },
    "3": {
        "old": [
            "Local communities acting together with the authorities. Covers work with religious, tribal and neighbourhood leaders, community associations and local councils, community policing, support to families, and community-based reintegration of people returning home.",
            "المجتمعات المحلية شريكة للسلطات في العمل. يشمل العمل مع القيادات الدينية والعشائرية ووجهاء الأحياء، وجمعيات الأحياء والمجالس المحلية، والشرطة المجتمعية، ودعم الأسر، وإعادة إدماج العائدين في مجتمعاتهم."
        ],
        "new": [
            "Local communities acting together with the authorities. Covers work with religious, tribal and neighbourhood leaders, civil society organisations, community associations and local councils, awareness sessions in neighbourhoods and villages, community policing, support to families, and community-based reintegration of displaced people and of people returning home from camps.",
            "المجتمعات المحلية شريكة للسلطات في العمل. يشمل العمل مع القيادات الدينية والعشائرية ووجهاء الأحياء، ومنظمات المجتمع المدني، وجمعيات الأحياء والمجالس المحلية، وجلسات التوعية في الأحياء والقرى، والشرطة المجتمعية، ودعم الأسر، وإعادة إدماج النازحين والعائدين من المخيمات في مجتمعاتهم."
        ]
    },
    "6": {
        "old": [
            "Learning and decent work. Covers access to quality schooling, civic education and critical thinking in the curriculum, teacher training, vocational and technical training, support for entrepreneurs and help in finding a job.",
            "التعليم والعمل اللائق. يشمل الحصول على تعليم جيد، والتربية المدنية والتفكير النقدي في المناهج، وتدريب المعلمين، والتدريب المهني والتقني، ودعم ريادة الأعمال والمساعدة في إيجاد عمل."
        ],
        "new": [
            "Learning, skills and decent work. Covers access to quality schooling and universities, civic and peace education and critical thinking in the curriculum, teacher training, vocational and technical training, livelihoods and income for young people, returnees and displaced families, small grants and support for entrepreneurs, and help in finding a job.",
            "التعليم والمهارات والعمل اللائق. يشمل الحصول على تعليم جيد في المدارس والجامعات، والتربية المدنية والتربية على السلام والتفكير النقدي في المناهج، وتدريب المعلمين، والتدريب المهني والتقني، وسبل العيش ومصادر الدخل للشباب والعائدين والأسر النازحة، والمنح الصغيرة ودعم ريادة الأعمال، والمساعدة في إيجاد عمل."
        ]
    }
}


def forwards(apps, schema_editor):
    Goal = apps.get_model("frameworks", "Goal")
    for number, texts in DESCRIPTIONS.items():
        for goal in Goal.objects.filter(framework__slug="un-pve-2015", parent=None, number=number):
            changed = False
            for i, field in enumerate(("description_en", "description_ar")):
                if getattr(goal, field) == texts["old"][i]:
                    setattr(goal, field, texts["new"][i])
                    changed = True
            if changed:
                goal.save(update_fields=["description_en", "description_ar"])


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0005_arabic_titles_and_field_labels")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
